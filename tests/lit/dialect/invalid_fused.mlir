// A fused op's body yields values of the op's result types, and holds no training op but the
// winners of max pooling.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x4x4x2xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x4x4x1xf32>
  %1 = cnn.fused %0 {name = "c"} : (tensor<?x4x4x1xf32>) -> tensor<?x4x4x2xf32> {
  ^bb0(%in: tensor<?x4x4x1xf32>):
    %c = cnn.conv2d %in {activation = "relu", filters = 3 : i64, kernel_size = [1, 1], name = "c", padding = "valid", strides = [1, 1], use_bias = true} : tensor<?x4x4x1xf32> -> tensor<?x4x4x3xf32>
    cnn.yield %c : tensor<?x4x4x3xf32>
  }
  cnn.output %1 : tensor<?x4x4x2xf32>
}
// CHECK: invalid_fused.mlir:7:8: error: 'cnn.fused' op body must yield values of the op's result types
