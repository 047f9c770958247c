#!/usr/bin/env bash
# Training speed of the book's model (batch 32, Adam): cnnc's `cnn bench` next to the PyTorch peer
# (../shared/peers/torch_fashion_cnn.py bench), same run, 1 and 2 threads. Both warm up for 20
# steps, then report the median of three runs of 300 steps over Fashion-MNIST training images.
# usage: bench/train.sh [PEERS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${1:-../shared/peers}
build=build
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -x $build/tools/cnnc/cnnc ] || [ ! -x $build/tools/cnn/cnn ]; then
  bash scripts/build.sh >/dev/null
fi
dpkg -s python3-torch python3-numpy libopenblas0-pthread >/dev/null 2>&1 ||
  bash "$peers/setup.sh" /tmp/cnnc-peers >/dev/null
$build/tools/cnnc/cnnc examples/fashion_cnn.cnn -o "$out/fashion_cnn.so"

# The value of "key": N in a JSON line.
field() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p"; }

printf '%-10s %8s %14s\n' peer threads 'train img/s'
for threads in 1 2; do
  cnnc_rate=$($build/tools/cnn/cnn bench "$out/fashion_cnn.so" --threads "$threads" |
    field train_img_s)
  torch=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 \
    "$peers/torch_fashion_cnn.py" bench --threads "$threads")
  torch_rate=$(echo "$torch" | field train_img_s)
  blas=$(echo "$torch" | sed -n 's/.*"blas": "\([^"]*\)".*/\1/p')
  printf '%-10s %8s %14s\n' cnnc "$threads" "$cnnc_rate"
  printf '%-10s %8s %14s  (%s)\n' pytorch "$threads" "$torch_rate" "$blas"
  awk -v a="$cnnc_rate" -v b="$torch_rate" -v t="$threads" \
    'BEGIN { printf "ratio cnnc / pytorch at %s thread(s): %.2f\n", t, a / b }'
done
