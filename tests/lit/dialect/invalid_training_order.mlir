// The training graph follows the model's layers; a layer after it is refused.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x4xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x4xf32>
  %1 = cnn.labels {output = 0 : i64} : tensor<?xi32>
  %2 = cnn.relu %0 {name = "r"} : tensor<?x4xf32> -> tensor<?x4xf32>
  cnn.output %2 : tensor<?x4xf32>
}
// CHECK: invalid_training_order.mlir:7:8: error: layer op 'cnn.relu' after the training graph; the model's layers come first
