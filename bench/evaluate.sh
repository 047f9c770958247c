#!/usr/bin/env bash
# Evaluation speed of the book's trained model on the 10,000 Fashion-MNIST test images: cnnc's
# `cnn evaluate` next to PyTorch (the peer in ../shared/peers), same run, 1 and 2 threads.
# usage: bench/evaluate.sh [MODEL.keras|MODEL.h5] [PEERS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-../shared/models/best-cnn-model.keras}
peers=${2:-../shared/peers}
build=build
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -x $build/tools/cnnc/cnnc ] || bash scripts/build.sh >/dev/null
dpkg -s python3-torch python3-h5py >/dev/null 2>&1 || bash "$peers/setup.sh" >/dev/null
$build/tools/cnnc/cnnc "$model" -o "$out/m.so"

printf '%-10s %8s %8s %10s %12s\n' peer threads loss accuracy images/s
for threads in 1 2; do
  for run in 1 2 3; do
    line=$($build/tools/cnn/cnn evaluate "$out/m.so" --weights "$out/m.safetensors" \
      --data fashion-mnist --threads "$threads" 2>"$out/timing")
    rate=$(grep -o '([0-9,]* images/s)' "$out/timing" | tr -d '(,' | cut -d' ' -f1)
    echo "$rate $line"
  done | sort -n | sed -n 2p >"$out/cnnc.$threads" # the median of three runs
  read -r cnnc_rate _ cnnc_loss _ _ cnnc_acc <"$out/cnnc.$threads"
  torch=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_evaluate.py \
    "$peers" "$model" --threads "$threads")
  torch_rate=$(echo "$torch" | sed 's/.*"images_per_second": \([0-9]*\).*/\1/')
  torch_loss=$(echo "$torch" | sed 's/.*"loss": \([0-9.]*\).*/\1/')
  torch_acc=$(echo "$torch" | sed 's/.*"accuracy": \([0-9.]*\).*/\1/')
  printf '%-10s %8s %8s %10s %12s\n' cnnc "$threads" "$cnnc_loss" "$cnnc_acc" "$cnnc_rate"
  printf '%-10s %8s %8s %10s %12s\n' pytorch "$threads" "$torch_loss" "$torch_acc" "$torch_rate"
  awk -v a="$cnnc_rate" -v b="$torch_rate" -v t="$threads" \
    'BEGIN { printf "ratio cnnc / pytorch at %s thread(s): %.2f\n", t, a / b }'
done
