// A gradient sum adds gradients of its result's type.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x4xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x4xf32>
  %1 = cnn.input {name = "y"} : tensor<?x2xf32>
  %2 = cnn.grad_sum %0, %1 {layer = "x"} : tensor<?x4xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
  cnn.output %0 : tensor<?x4xf32>
}
// CHECK: invalid_grad_sum.mlir:7:8: error: 'cnn.grad_sum' op sums gradients of type 'tensor<?x4xf32>', got 'tensor<?x2xf32>'
