#!/usr/bin/env bash
# Sets up, builds and runs every test, as CI does: the whole suite (GoogleTest, lit/FileCheck, the
# fuzz targets' replays) in build/; a short run of each fuzz target; then the whole suite again
# built with AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/, whose ctest summary
# is the last line.
#
#   scripts/test.sh                   all three
#   scripts/test.sh --normal          the plain build and suite only
#   scripts/test.sh --sanitize        the sanitized build and suite only
#   scripts/test.sh --fuzz [SECONDS]  the fuzz runs only (SECONDS each, default 20)
# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"
cd "$(dirname "$0")/.."
usage="usage: scripts/test.sh [--normal | --sanitize | --fuzz [SECONDS]]"
stages=(normal fuzz sanitize)
fuzz_seconds=20
case "${1:-}" in
  "") ;;
  --normal) stages=(normal) ;;
  --sanitize) stages=(sanitize) ;;
  --fuzz) stages=(fuzz) fuzz_seconds=${2:-20} ;;
  -h | --help) echo "$usage"; exit 0 ;;
  *) echo "test: unknown option '$1'; $usage" >&2; exit 2 ;;
esac
bash scripts/setup.sh

# Runs the suite in build folder $1; its log is in $1/Testing/Temporary/LastTest.log.
run_suite() {
  if ! (cd "$1" && ctest --output-on-failure -j "$(nproc)"); then
    echo "test: tests failed in $1; their output is above and in $1/Testing/Temporary/LastTest.log" >&2
    exit 1
  fi
}

# Each stage names the time the one before it took, so that ctest's summary ends the output.
took=
for stage in "${stages[@]}"; do
  echo "test: $stage stage$took"
  started=$SECONDS
  case $stage in
    normal)
      bash scripts/build.sh
      run_suite build
      ;;
    sanitize)
      # Leaks inside libraries cnnc uses are suppressed (tests/lsan.supp); undefined behaviour
      # and every other report stop the program. Halide compiles on the calling stack, not on one
      # of its own through swapcontext, which AddressSanitizer warns about.
      bash scripts/build.sh build-asan -DCNNC_SANITIZE=ON
      export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
      export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
      export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
      export HL_COMPILER_STACK_SIZE=0
      run_suite build-asan
      unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS HL_COMPILER_STACK_SIZE
      ;;
    fuzz)
      bash scripts/fuzz.sh all "$fuzz_seconds"
      ;;
  esac
  took=" (the $stage stage passed in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s)"
done
