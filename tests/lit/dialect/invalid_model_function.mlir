// A module that is not one model function is refused with a reason.
// RUN: %expect-exit 1 cnnc --emit=mlir %s 2> %t.err
// RUN: FileCheck %s --input-file %t.err
func @m(%arg0: tensor<?x8xf32>) -> tensor<?x8xf32> {
  cnn.output %arg0 : tensor<?x8xf32>
}
// CHECK: invalid_model_function.mlir:4:1: error: the model function takes no arguments (inputs are cnn.input ops) and has one block
