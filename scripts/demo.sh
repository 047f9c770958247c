#!/usr/bin/env bash
# The book's chapter end to end: sets up, builds, compiles examples/fashion_cnn.cnn, trains it on
# Fashion-MNIST as the book does (validation split, early stopping, best-epoch checkpoint),
# evaluates the best epoch on the 10,000 test images, and the book's own trained Keras model beside
# it when present.
# usage: scripts/demo.sh [OUTPUT_DIR [TRAINED.keras|TRAINED.h5]]   (default: demo-output)
# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/demo-output}")
trained=$(realpath -m "${2:-$root/../shared/models/best-cnn-model.keras}")
cd "$root"
bash scripts/setup.sh
bash scripts/build.sh

cnnc=build/bin/cnnc
cnn=build/bin/cnn
mkdir -p "$out"

echo "== Compiling examples/fashion_cnn.cnn"
$cnnc examples/fashion_cnn.cnn -o "$out/fashion_cnn.so" --verbose
$cnn summary "$out/fashion_cnn.so"

echo "== Training: 20 epochs at most, batch 32, Adam, 20% of the training images validate"
# The book: train_test_split(test_size=0.2, random_state=42), EarlyStopping(patience=2,
# restore_best_weights=True), ModelCheckpoint('best-cnn-model.keras', save_best_only=True).
$cnn train "$out/fashion_cnn.so" --data fashion-mnist --epochs 20 --batch-size 32 \
  --validation-split 0.2 --split-seed 42 --seed 42 --patience 2 \
  --checkpoint "$out/best-cnn-model.safetensors" --history "$out/history.csv"

echo "== The best epoch on the 10,000 test images"
$cnn evaluate "$out/fashion_cnn.so" --weights "$out/best-cnn-model.safetensors" \
  --data fashion-mnist --split test
$cnn predict "$out/fashion_cnn.so" --weights "$out/best-cnn-model.safetensors" \
  --data fashion-mnist --split test --index 0

if [ -f "$trained" ]; then
  echo "== For comparison, the book's trained model, imported from $trained"
  $cnnc "$trained" -o "$out/book_model.so"
  $cnn evaluate "$out/book_model.so" --weights "$out/book_model.safetensors" \
    --data fashion-mnist --split test
fi

echo "demo: the training history (epoch,loss,accuracy,val_loss,val_accuracy,seconds) is" \
  "$out/history.csv"
echo "demo: the best epoch's checkpoint (weights + Adam state; cnn train --resume continues it)" \
  "is $out/best-cnn-model.safetensors"

echo "== Pictures: the layer graph, the history, conv2d's kernels and their histogram trained and" \
  "untrained, test image 0's feature maps and probabilities"
# The untrained kernels are Glorot's with training's --seed 42: where training started.
weights="$out/best-cnn-model.safetensors"
$cnn plot-model "$out/fashion_cnn.so" --show-shapes -o "$out/arch.png"
$cnn plot-history "$out/history.csv" -o "$out/loss.png"
$cnn kernels "$out/fashion_cnn.so" --weights "$weights" --layer conv2d -o "$out/kernels.png"
$cnn kernels "$out/fashion_cnn.so" --seed 42 --layer conv2d -o "$out/kernels-untrained.png"
$cnn weights "$out/fashion_cnn.so" --weights "$weights" --layer conv2d -o "$out/hist.png"
$cnn weights "$out/fashion_cnn.so" --seed 42 --layer conv2d -o "$out/hist-untrained.png"
for layer in conv2d conv2d_1; do
  $cnn features "$out/fashion_cnn.so" --weights "$weights" --layer "$layer" --data fashion-mnist \
    --split test --index 0 -o "$out/fmaps-$layer.png"
done
$cnn predict "$out/fashion_cnn.so" --weights "$weights" --data fashion-mnist --split test --index 0 \
  -o "$out/probs.png" > /dev/null
ls -l "$out"/*.png
