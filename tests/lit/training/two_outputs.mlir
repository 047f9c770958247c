// A classification and a regression head, each with its loss and loss weight: the training
// graph takes the cross-entropy's gradient through the softmax with the class labels of output 0
// and the mean squared error's with the float targets of output 1, weighted 0.5, and sums both
// heads' gradients in their shared layer, whose parameters get one update each.
// RUN: cnnc --emit=mlir %s | FileCheck %s
// RUN: sed -e 's/"mse"\]/"binary_crossentropy"]/' -e 's/activation = "linear", name = "size"/activation = "sigmoid", name = "size"/' %s > %t.bce.mlir
// RUN: cnnc --emit=mlir %t.bce.mlir | FileCheck %s --check-prefix=BCE
// RUN: sed -e 's/"mse"\]/"binary_crossentropy"]/' %s > %t.linear.mlir
// RUN: %expect-exit 1 cnnc --emit=mlir %t.linear.mlir 2>&1 | FileCheck %s --check-prefix=LINEAR
// RUN: sed -e 's/"mse"\]/""]/' %s > %t.none.mlir
// RUN: cnnc --emit=mlir %t.none.mlir 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: sed -e 's/\["sparse_categorical_crossentropy", "mse"\]/["", ""]/' %s > %t.nothing.mlir
// RUN: %expect-exit 1 cnnc --emit=mlir %t.nothing.mlir 2>&1 | FileCheck %s --check-prefix=NOTHING
// RUN: sed -e 's/\["sparse_categorical_crossentropy", "mse"\]/["mse"]/' %s > %t.short.mlir
// RUN: %expect-exit 1 cnnc --emit=mlir %t.short.mlir 2>&1 | FileCheck %s --check-prefix=SHORT
// RUN: cnnc %s -o %t.so
func @two_heads() -> (tensor<?x3xf32>, tensor<?x1xf32>) attributes {cnn.compile = {learning_rate = 1.000000e-03 : f64, loss = ["sparse_categorical_crossentropy", "mse"], loss_weights = [1.000000e+00, 5.000000e-01], optimizer = "adam"}} {
  %0 = cnn.input {name = "input_1"} : tensor<?x4xf32>
  %1 = cnn.dense %0 {activation = "relu", name = "trunk", units = 6 : i64, use_bias = true} : tensor<?x4xf32> -> tensor<?x6xf32>
  %2 = cnn.dense %1 {activation = "softmax", name = "class", units = 3 : i64, use_bias = true} : tensor<?x6xf32> -> tensor<?x3xf32>
  %3 = cnn.dense %1 {activation = "linear", name = "size", units = 1 : i64, use_bias = true} : tensor<?x6xf32> -> tensor<?x1xf32>
  cnn.output %2, %3 : tensor<?x3xf32>, tensor<?x1xf32>
}
// CHECK: %[[LABELS:.*]] = cnn.labels {output = 0 : i64} : tensor<?xi32>
// CHECK: cnn.softmax_cross_entropy_grad %{{.*}}, %[[LABELS]] {layer = "class"}
// CHECK: %[[TARGETS:.*]] = cnn.targets {output = 1 : i64} : tensor<?x1xf32>
// CHECK: %[[SIZE:.*]] = cnn.loss_grad %{{.*}}, %[[TARGETS]] {layer = "size", loss = "mse", weight = 5.000000e-01 : f64} : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<?x1xf32>
// CHECK: cnn.dense_grad_kernel %[[SIZE]]
// CHECK: cnn.grad_sum
// CHECK-COUNT-6: cnn.adam_update
// CHECK-NOT: cnn.adam_update
// BCE: cnn.loss_grad %{{.*}}, %{{.*}} {layer = "size", loss = "binary_crossentropy", weight = 5.000000e-01 : f64}
// LINEAR: .linear.mlir:21:8: error: output 2 of 2 ('size') must be sigmoid probabilities for the loss 'binary_crossentropy'
// NONE: .none.mlir:21:8: warning: output 2 of 2 ('size') has no loss and is not trained: compile()'s loss names none for it
// NONE-NOT: cnn.targets
// NONE-COUNT-4: cnn.adam_update
// NOTHING: error: no model output has a loss: there is nothing to train
// SHORT: .short.mlir:17:1: error: cnn.compile must be a dictionary with a 'loss' string or one per output, and optionally 'loss_weights' (a number ≥ 0 per output) and 'metrics' (a list of names per output)
