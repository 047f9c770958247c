// The verifier checks parsed IR too; its messages name the layer and point at the op.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x8x8x4xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x8x8x1xf32>
  %1 = cnn.conv2d %0 {activation = "relu", filters = 4 : i64, kernel_size = [3, 3], name = "c", padding = "full", strides = [1, 1], use_bias = true} : tensor<?x8x8x1xf32> -> tensor<?x8x8x4xf32>
  cnn.output %1 : tensor<?x8x8x4xf32>
}
// CHECK: invalid_padding.mlir:6:8: error: layer 'c' (Conv2D): padding must be one of 'same' 'valid', got 'full'
