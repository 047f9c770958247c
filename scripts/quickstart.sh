#!/usr/bin/env bash
# Sets up, builds, compiles the book's model and runs it on Fashion-MNIST; then imports the book's
# trained Keras model (when present) and reproduces its evaluation on the 10,000 test images.
# usage: scripts/quickstart.sh [TRAINED.keras|TRAINED.h5]
set -euo pipefail
cd "$(dirname "$0")/.."
trained=${1:-../shared/models/best-cnn-model.keras}
bash scripts/setup.sh
bash scripts/build.sh

out=out/quickstart
cnnc=build/tools/cnnc/cnnc
cnn=build/tools/cnn/cnn
mkdir -p "$out"

echo "== The book's model, compiled from examples/fashion_cnn.cnn, with untrained weights"
$cnnc examples/fashion_cnn.cnn -o "$out/fashion_cnn.so" --verbose
$cnn summary "$out/fashion_cnn.so"
$cnn init "$out/fashion_cnn.so" --seed 42 -o "$out/untrained.safetensors"
$cnn evaluate "$out/fashion_cnn.so" --weights "$out/untrained.safetensors" --data fashion-mnist
$cnn predict "$out/fashion_cnn.so" --weights "$out/untrained.safetensors" --data fashion-mnist \
  --index 0

if [ -f "$trained" ]; then
  echo "== The book's trained model, imported from $trained"
  $cnnc "$trained" -o "$out/trained.so"
  $cnn evaluate "$out/trained.so" --weights "$out/trained.safetensors" --data fashion-mnist
  $cnn predict "$out/trained.so" --weights "$out/trained.safetensors" --data fashion-mnist --index 0
else
  echo "== No trained Keras model at $trained: pass one as the first argument to evaluate it"
fi
echo "quickstart: the libraries, headers and weights are in $out/"
