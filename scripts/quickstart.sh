#!/usr/bin/env bash
# Sets up, builds, compiles the book's model, and runs it on Fashion-MNIST test images.
# The weights are freshly initialised (training comes with `cnn train`), so expect ~0.1 each.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh

out=out/quickstart
mkdir -p "$out"
build/tools/cnnc/cnnc examples/fashion_cnn.cnn -o "$out/fashion_cnn.so" --verbose
build/tools/cnn/cnn summary "$out/fashion_cnn.so"
build/tools/cnn/cnn init "$out/fashion_cnn.so" --seed 42 -o "$out/initial.safetensors"
python3 scripts/fashion_mnist_npy.py --split test --count 4 -o "$out/images.npy"
build/tools/cnn/cnn run "$out/fashion_cnn.so" --weights "$out/initial.safetensors" \
  --input "$out/images.npy" --output "$out/probabilities.npy"
build/tools/cnn/cnn run "$out/fashion_cnn.so" --weights "$out/initial.safetensors" \
  --input "$out/images.npy" --output "$out/conv2d.npy" --layer conv2d
echo "quickstart: wrote $out/fashion_cnn.so, $out/fashion_cnn.h, $out/probabilities.npy" \
  "(4 x 10 class probabilities) and $out/conv2d.npy (4 x 28 x 28 x 32 feature maps)"
