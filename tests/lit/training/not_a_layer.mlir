// The training graph asks each op on the gradient's path for its backward ops (its
// LayerInterface); an op without one, here a hand-written cnn.fused, is an error at the op.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m() -> tensor<?x3xf32> attributes {cnn.compile = {learning_rate = 1.000000e-03 : f64, loss = "sparse_categorical_crossentropy", optimizer = "adam"}} {
  %0 = cnn.input {name = "x"} : tensor<?x4xf32>
  %1 = cnn.dense %0 {activation = "linear", name = "d1", units = 4 : i64, use_bias = true} : tensor<?x4xf32> -> tensor<?x4xf32>
  %2 = cnn.fused %1 {name = "r"} : (tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    %r = cnn.relu %a {name = "r"} : tensor<?x4xf32> -> tensor<?x4xf32>
    cnn.yield %r : tensor<?x4xf32>
  }
  %3 = cnn.dense %2 {activation = "softmax", name = "d2", units = 3 : i64, use_bias = true} : tensor<?x4xf32> -> tensor<?x3xf32>
  cnn.output %3 : tensor<?x3xf32>
}
// CHECK: not_a_layer.mlir:8:8: error: cannot build its gradient: 'cnn.fused' is not a layer (it lacks the cnn LayerInterface)
// CHECK-NOT: error
