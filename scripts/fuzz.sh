#!/usr/bin/env bash
# Fuzzes cnnc's readers of untrusted input with libFuzzer: scripts/fuzz.sh TARGET|all [SECONDS].
#
# Targets: model_language, keras_config, keras_file (.keras and .h5), safetensors, npy, idx,
# history_csv; `all` runs each in turn. SECONDS (default 60) is each target's time. The targets
# are built with clang-14 in build-fuzz/ (coverage, ASan, UBSan); each corpus grows in
# build-fuzz/corpus/TARGET from the seeds of tests/fuzz/corpus/TARGET and the inputs that once
# failed (tests/fuzz/regressions/TARGET), and for model_language every .cnn file of examples/ and
# tests/. An input that crashes,
# hangs over 30 s or takes over 2 GB is saved in build-fuzz/crashes/TARGET/ and fails the script.
# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"
cd "$(dirname "$0")/.."
targets=(model_language keras_config keras_file safetensors npy idx history_csv)
usage="usage: scripts/fuzz.sh TARGET|all [SECONDS]; targets: ${targets[*]}"
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ "$1" = --help ] || [ "$1" = -h ]; then
  echo "$usage" >&2
  exit 2
fi
seconds=${2:-60}
if [ "$1" = all ]; then
  chosen=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $1 "* ]]; then
  chosen=("$1")
else
  echo "fuzz: no target '$1'; $usage" >&2
  exit 2
fi
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: SECONDS must be a positive whole number, got '$seconds'" >&2
  exit 2
fi

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCNNC_FUZZ=ON -DCNNC_BUILD_TESTS=OFF > build-fuzz.log 2>&1 ||
  { cat build-fuzz.log >&2; exit 1; }
cmake --build build-fuzz --target fuzzers -j "$(nproc)" >> build-fuzz.log 2>&1 ||
  { tail -n 40 build-fuzz.log >&2; exit 1; }
rm -f build-fuzz.log

failed=0
for target in "${chosen[@]}"; do
  corpus=build-fuzz/corpus/$target crashes=build-fuzz/crashes/$target
  mkdir -p "$corpus" "$crashes"
  for seeds in "tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target"; do
    if [ -d "$seeds" ]; then cp -n "$seeds"/* "$corpus"/; fi
  done
  if [ "$target" = model_language ]; then
    find examples tests -name '*.cnn' -size -64k -exec cp -n {} "$corpus"/ \;
  fi
  log=build-fuzz/$target.log
  status=0
  started=$SECONDS
  # -close_fd_mask=1: the targets' stdout is noise; libFuzzer's report goes to stderr.
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp "build-fuzz/fuzz/fuzz_$target" "$corpus" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$crashes/" \
    -print_final_stats=1 -close_fd_mask=1 > "$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  done_line=$(grep -E '^#[0-9]+.*(DONE|INITED|NEW|REDUCE|pulse)' "$log" | tail -n 1 || true)
  coverage=$(sed -E -n 's/.* cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+)\/([^ ]+).*/\1 edges, \2 features, corpus \3 inputs (\4)/p' <<< "$done_line")
  found=$(find "$crashes" -type f ! -name 'slow-unit-*' | wc -l) # slow units are only noted
  echo "fuzz: $target: ${runs:-0} runs in $((SECONDS - started)) s, ${coverage:-no coverage line}, crashes $found"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    echo "fuzz: $target failed (exit $status); its log: $log; the inputs: $crashes/" >&2
    grep -E -A 12 'ERROR: (AddressSanitizer|libFuzzer)|runtime error|==ERROR' "$log" | head -n 40 >&2 || true
    failed=1
  fi
done
exit "$failed"
