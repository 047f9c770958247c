// A backward op with other operands than its summary lists is rejected, not miscompiled.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x4xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x4xf32>
  %1 = cnn.relu %0 {name = "r"} : tensor<?x4xf32> -> tensor<?x4xf32>
  %2 = cnn.relu_grad %1 {layer = "r"} : tensor<?x4xf32> -> tensor<?x4xf32>
  cnn.output %1 : tensor<?x4xf32>
}
// CHECK: invalid_grad_operands.mlir:7:8: error: 'cnn.relu_grad' op takes 2 operands, got 1
