// A layer op without one of its arguments is an error, not a crash.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x4xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x8xf32>
  %1 = cnn.dense %0 {activation = "relu", name = "d", use_bias = true} : tensor<?x8xf32> -> tensor<?x4xf32>
  cnn.output %1 : tensor<?x4xf32>
}
// CHECK: invalid_missing_attribute.mlir:6:8: error: layer 'd' (Dense): units must be a positive integer
