// An attribute of an enumeration (CnnEnums.td) takes one of its strings; the verifier names them.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x4xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x4xf32>
  %1 = cnn.relu %0 {name = "r"} : tensor<?x4xf32> -> tensor<?x4xf32>
  %2 = cnn.targets {output = 0 : i64} : tensor<?x4xf32>
  %3 = cnn.loss_grad %1, %2 {layer = "r", loss = "hinge"} : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  cnn.output %1 : tensor<?x4xf32>
}
// CHECK: invalid_enum.mlir:8:8: error: 'cnn.loss_grad' op attribute 'loss' failed to satisfy constraint: a loss on float targets: 'binary_crossentropy', 'mse' or 'mae'
