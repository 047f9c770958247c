// A result type that disagrees with shape inference is rejected.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x4x4x2xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x8x8x2xf32>
  %1 = cnn.maxpool2d %0 {name = "p", padding = "valid", pool_size = [2, 2], strides = [2, 2]} : tensor<?x8x8x2xf32> -> tensor<?x8x8x2xf32>
  cnn.output %1 : tensor<?x8x8x2xf32>
}
// CHECK: invalid_result_type.mlir:6:8: error: 'cnn.maxpool2d' op inferred type(s) 'tensor<?x4x4x2xf32>' are incompatible with return type(s) of operation 'tensor<?x8x8x2xf32>'
