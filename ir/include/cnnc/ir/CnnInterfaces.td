// The cnn dialect's op interfaces: what the stages ask of an op, answered by the op itself.
#ifndef CNN_INTERFACES
#define CNN_INTERFACES

include "mlir/IR/OpBase.td"

def Cnn_LayerInterface : OpInterface<"LayerInterface"> {
  let cppNamespace = "::cnnc::cnn";
  let description = [{
    A Keras layer of the model: its class, its weights and its backward pass. Every layer op has
    it (Cnn_LayerOp in CnnOps.td declares its methods, the op's file in ir/layers/ defines
    them); a stage that meets an op without it where a layer belongs reports an error there.
  }];
  let methods = [
    StaticInterfaceMethod<"The Keras class the layer is, as Keras spells it (\"Conv2D\").",
      "::llvm::StringRef", "getKerasClass">,
    InterfaceMethod<"Its weights, in Keras's layout and order (kernel, then bias).",
      "std::vector<::cnnc::cnn::ParamSpec>", "getWeights", (ins), "", [{ return {}; }]>,
    InterfaceMethod<[{
        Emits the backward ops that take `gradient`, the gradient of the loss with respect to
        the layer's output, to the gradients of its inputs and weights.
      }], "void", "buildGradient",
      (ins "::cnnc::cnn::GradientBuilder &":$builder, "::mlir::Value":$gradient)>,
  ];
}

def Cnn_ActivationInterface : OpInterface<"ActivationInterface"> {
  let cppNamespace = "::cnnc::cnn";
  let description = [{
    A layer whose last step is an activation function (relu, softmax, sigmoid, tanh or linear):
    a loss on its output may give the gradient before that function directly (softmax with
    cross-entropy, sigmoid with binary cross-entropy).
  }];
  let methods = [
    InterfaceMethod<"The activation function the layer applies last.",
      "::cnnc::cnn::Activation", "getActivationFunction">,
    InterfaceMethod<[{
        Emits the backward ops from `gradient`, the gradient of the loss with respect to the
        activation function's input.
      }], "void", "buildGradientBeforeActivation",
      (ins "::cnnc::cnn::GradientBuilder &":$builder, "::mlir::Value":$gradient)>,
  ];
}

def Cnn_WorkInterface : OpInterface<"WorkInterface"> {
  let cppNamespace = "::cnnc::cnn";
  let description = [{
    The work of an op's kernel, for the cost model, profiles and tuning reports: every layer
    says its own, as do the backward ops of matrix work.
  }];
  let methods = [
    InterfaceMethod<[{
        The blocked sum the kernel computes at `batch` samples, the problem the tiling cost
        model solves; none for a kernel without one (elementwise work, pooling, views).
      }], "::llvm::Optional<::cnnc::cnn::SumShape>", "getSumShape", (ins "int64_t":$batch)>,
    InterfaceMethod<[{
        Floating-point operations per sample, a multiply-add counting 2; only the matrix work
        (convolutions, dense layers and their gradients) counts, data movement counts 0.
      }], "double", "getFlopsPerSample">,
  ];
}

#endif // CNN_INTERFACES
