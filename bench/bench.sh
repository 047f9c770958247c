#!/usr/bin/env bash
# The benchmark of the book's model (examples/fashion_cnn.cnn), all figures from the same run:
# the machine's FP32 peak (../shared/peers/peak_fma.cpp); per-kernel time, GFLOP/s and % of peak
# (`cnn bench --layers`: training steps at batch 32, inference at batch 256); end-to-end training
# images/s (batch 32, Adam), inference images/s (batch 256) and latency (batch 1) of cnnc next to
# PyTorch and onnxruntime (../shared/peers), with ratios; at 1 and 2 threads; the model compiled
# with and without cnnc's conv+relu+pool fusion (`cnnc --no-fuse`, when cnnc has it), and with the
# schedules a cnn-tune log holds for each thread count (`--schedule`). Then data-parallel
# training's scaling at batch 32, 64 and 128: 1 thread, 2 replicas on 2 threads, 2 threads
# kernel-parallel, and 2 MPI ranks of 1 thread (with the allreduce's time per step), when the
# thread counts include 2.
#
# usage: bench/bench.sh [--quick] [--markdown OUT.md] [--threads "1 2"] [--peers DIR]
#                       [--ort-dir DIR] [--schedule LOG]
#   --quick      100 training steps per timed run instead of 300 (cnnc and PyTorch)
#   --markdown   also write the tables as Markdown to OUT.md
#   --threads    the thread counts to measure (default "1 2")
#   --peers      the peers' sources (default ../shared/peers)
#   --ort-dir    where onnxruntime-node and fashion_cnn.onnx are installed (default /tmp/cnnc-peers)
#   --schedule   also measure the model tuned by this cnn-tune log (the "tuned" columns), compiled
#                for each thread count with `cnnc --schedule LOG --schedule-threads N`
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/fail-loudly.sh
source "$(dirname "$0")/../scripts/lib/fail-loudly.sh"
caller_dir=$PWD
cd "$(dirname "$0")/.."

quick=0
markdown=
threads_list="1 2"
peers=../shared/peers
ort_dir=/tmp/cnnc-peers
schedule_log=
while [ $# -gt 0 ]; do
  case "$1" in
  --quick) quick=1 ;;
  --markdown) markdown=${2:?--markdown needs a file name}; shift ;;
  --threads) threads_list=${2:?--threads needs a list}; shift ;;
  --peers) peers=${2:?--peers needs a folder}; shift ;;
  --ort-dir) ort_dir=${2:?--ort-dir needs a folder}; shift ;;
  --schedule) schedule_log=${2:?--schedule needs a cnn-tune log}; shift ;;
  -h | --help) sed -n '2,/^[^#]/{/^# shellcheck/d; s/^# \{0,1\}//p}' "$0"; exit 0 ;;
  *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$markdown" ]; then
  markdown=$(cd "$caller_dir" && realpath -m "$markdown")
fi
if [ -n "$schedule_log" ]; then
  schedule_log=$(cd "$caller_dir" && realpath -e "$schedule_log")
fi

build=build
cnnc=$build/bin/cnnc
cnn=$build/bin/cnn
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
batches=300
[ "$quick" = 1 ] && batches=100

if [ ! -x $cnnc ] || [ ! -x $cnn ]; then
  bash scripts/build.sh >/dev/null
fi
note() { echo "$*" >>"$out/notes"; }
touch "$out/notes"

# The machine's FP32 peak, with the widest FMA the CPU has.
width=256
grep -qw avx512f /proc/cpuinfo && width=512
g++ -O3 -march=native -pthread "$peers/peak_fma.cpp" -o "$out/peak_fma"
for threads in $threads_list; do
  "$out/peak_fma" "$threads" "$width" 2>/dev/null |
    sed -n 's/.*median \([0-9.]*\) GFLOP\/s.*/\1/p' >"$out/peak.$threads"
done
note "peak: peak_fma.cpp, $width-bit FMA, 16 chains a thread, median of 7 runs"

# The model, fused (cnnc's default) and, when cnnc can, unfused.
$cnnc examples/fashion_cnn.cnn -o "$out/fused.so"
variants=fused
cnnc_options=$($cnnc --help-list-hidden 2>/dev/null || true) # whole, so grep -q stops no pipe
if grep -Eq -- '--no-fuse([[:space:]]|=|$)' <<<"$cnnc_options"; then
  $cnnc --no-fuse examples/fashion_cnn.cnn -o "$out/unfused.so"
  variants="fused unfused"
else
  note "unfused: cnnc has no --no-fuse option"
fi
# The model tuned for each thread count; cnnc names any kernel the log has no record for.
if [ -n "$schedule_log" ]; then
  for threads in $threads_list; do
    $cnnc --schedule="$schedule_log" --schedule-threads="$threads" examples/fashion_cnn.cnn \
      -o "$out/tuned.$threads.so" 2>"$out/tuned.$threads.warnings" ||
      { cat "$out/tuned.$threads.warnings" >&2; exit 1; }
    if [ -s "$out/tuned.$threads.warnings" ]; then
      note "tuned at $threads thread(s): $(tr '\n' ' ' <"$out/tuned.$threads.warnings")"
    fi
  done
  variants="$variants tuned"
  note "tuned: cnnc --schedule $(basename "$schedule_log") --schedule-threads N"
fi

have_torch=0
if dpkg -s python3-torch python3-numpy >/dev/null 2>&1; then
  have_torch=1
else
  note "pytorch: not installed (bash $peers/setup.sh $ort_dir installs it)"
fi
have_ort=0
if [ -d "$ort_dir/node_modules/onnxruntime-node" ] && [ -f "$ort_dir/fashion_cnn.onnx" ] &&
  command -v node >/dev/null; then
  have_ort=1
else
  note "onnxruntime: not found in $ort_dir (bash $peers/setup.sh $ort_dir installs it)"
fi

for threads in $threads_list; do
  echo "measuring at $threads thread(s)..." >&2
  for variant in $variants; do
    library=$out/$variant.so
    [ "$variant" = tuned ] && library=$out/tuned.$threads.so
    $cnn bench "$library" --layers --threads "$threads" --batches "$batches" \
      >"$out/cnnc.$variant.$threads"
  done
  if [ $have_torch = 1 ]; then
    # OpenBLAS picks its AVX-512 kernels only without the core type Debian's environment may set.
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$peers/torch_fashion_cnn.py" \
      bench --threads "$threads" --batches "$batches" >"$out/pytorch.$threads"
  fi
  if [ $have_ort = 1 ]; then
    NODE_PATH="$ort_dir/node_modules" node "$peers/ort_fashion_cnn.js" \
      "$ort_dir/fashion_cnn.onnx" "$threads" >"$out/onnxruntime.$threads"
  fi
done

# Data-parallel scaling: the same model, training alone, in each mode (see the README's "Every
# core, and many machines").
if [[ " $threads_list " == *" 2 "* ]]; then
  echo "measuring data-parallel scaling..." >&2
  train_only() { $cnn bench "$out/fused.so" --train-only --batches "$batches" "$@"; }
  for batch in 32 64 128; do
    train_only --threads 1 --train-batch "$batch" >"$out/scaling.1x1.$batch"
    train_only --threads 2 --parallel replicas --train-batch "$batch" >"$out/scaling.replicas.$batch"
    train_only --threads 2 --parallel kernels --train-batch "$batch" >"$out/scaling.kernels.$batch"
    if command -v mpirun >/dev/null; then
      mpirun --allow-run-as-root --oversubscribe -np 2 "$cnn" bench "$out/fused.so" --train-only \
        --batches "$batches" --threads 1 --train-batch "$batch" >"$out/scaling.ranks.$batch"
    fi
  done
  command -v mpirun >/dev/null || note "scaling: mpirun not found (openmpi-bin), no 2-rank rows"
fi

/usr/bin/python3 bench/bench_table.py "$out" --threads "$threads_list" \
  ${markdown:+--markdown "$markdown"}
