// cnn IR whose compile() settings name a loss cnnc cannot train with; the error points at the
// output that has it.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x3xf32> attributes {cnn.compile = {learning_rate = 1.000000e-03 : f64, loss = "poisson", optimizer = "adam"}} {
  %0 = cnn.input {name = "input_1"} : tensor<?x4xf32>
  %1 = cnn.dense %0 {activation = "softmax", name = "dense", units = 3 : i64, use_bias = true} : tensor<?x4xf32> -> tensor<?x3xf32>
  cnn.output %1 : tensor<?x3xf32>
}
// CHECK: training_unsupported_loss.mlir:7:8: error: output 1 of 1 ('dense') has the loss 'poisson', which is not supported; cnnc trains with 'sparse_categorical_crossentropy', 'categorical_crossentropy', 'binary_crossentropy', 'mse' or 'mae'; compile with --inference-only to build inference kernels only
