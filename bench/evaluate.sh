#!/usr/bin/env bash
# Evaluation speed of the book's trained model on the 10,000 Fashion-MNIST test images: cnnc's
# `cnn evaluate` next to PyTorch (the peer in ../shared/peers), same run, 1 and 2 threads.
# usage: bench/evaluate.sh [MODEL.keras|MODEL.h5] [PEERS_DIR]
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/fail-loudly.sh
source "$(dirname "$0")/../scripts/lib/fail-loudly.sh"
cd "$(dirname "$0")/.."
model=${1:-../shared/models/best-cnn-model.keras}
peers=${2:-../shared/peers}
build=build
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

json_number() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p"; } # a key's number in one JSON line

[ -x $build/bin/cnnc ] || bash scripts/build.sh >/dev/null
dpkg -s python3-torch python3-h5py >/dev/null 2>&1 || bash "$peers/setup.sh" >/dev/null
$build/bin/cnnc "$model" -o "$out/m.so"

printf '%-10s %8s %8s %10s %12s\n' peer threads loss accuracy images/s
for threads in 1 2; do
  for _ in 1 2 3; do
    line=$($build/bin/cnn evaluate "$out/m.so" --weights "$out/m.safetensors" \
      --data fashion-mnist --threads "$threads" 2>"$out/timing")
    rate=$(grep -o '([0-9,]* images/s)' "$out/timing" | tr -d '(,' | cut -d' ' -f1)
    echo "$rate $line"
  done | sort -n | sed -n 2p >"$out/cnnc.$threads" # the median of three runs
  read -r cnnc_rate _ cnnc_loss _ _ cnnc_acc <"$out/cnnc.$threads"
  torch=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_evaluate.py \
    "$peers" "$model" --threads "$threads")
  torch_rate=$(json_number images_per_second <<<"$torch")
  torch_loss=$(json_number loss <<<"$torch")
  torch_acc=$(json_number accuracy <<<"$torch")
  printf '%-10s %8s %8s %10s %12s\n' cnnc "$threads" "$cnnc_loss" "$cnnc_acc" "$cnnc_rate"
  printf '%-10s %8s %8s %10s %12s\n' pytorch "$threads" "$torch_loss" "$torch_acc" "$torch_rate"
  awk -v a="$cnnc_rate" -v b="$torch_rate" -v t="$threads" \
    'BEGIN { printf "ratio cnnc / pytorch at %s thread(s): %.2f\n", t, a / b }'
done
