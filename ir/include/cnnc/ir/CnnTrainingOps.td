// The cnn dialect's training ops: the loss gradient, one backward op per layer kind, gradient
// sums, and the optimizer updates that the training-graph pass appends to a model function.
#ifndef CNN_TRAINING_OPS
#define CNN_TRAINING_OPS

def Cnn_LabelsTensor : TensorOf<[I32]>;

// Marks the ops of the training graph (cnnc::cnn::isTrainingOp), so that passes and the
// inference code generator can tell them from the model's layers.
def Cnn_Training : NativeOpTrait<"TrainingOpTrait"> {
  let cppNamespace = "::cnnc::cnn";
}

def Cnn_LabelsOp : Cnn_Op<"labels", [Cnn_Training]> {
  let summary = "The batch's integer class labels for the loss of output `output`.";
  let description = [{
    ```mlir
    %9 = cnn.labels {output = 0 : i64} : tensor<?xi32>
    ```
  }];
  let arguments = (ins I64Attr:$output);
  let results = (outs Cnn_LabelsTensor:$labels);
  let assemblyFormat = "attr-dict `:` type($labels)";
  let verifier = [{
    if (outputAttr().getInt() < 0)
      return emitOpError("output index must not be negative");
    return ::mlir::success();
  }];
}

def Cnn_TargetsOp : Cnn_Op<"targets", [Cnn_Training]> {
  let summary = "The batch's float targets for the loss of output `output`, of its shape.";
  let description = [{
    ```mlir
    %9 = cnn.targets {output = 1 : i64} : tensor<?x1xf32>
    ```
  }];
  let arguments = (ins I64Attr:$output);
  let results = (outs Cnn_AnyTensor:$targets);
  let assemblyFormat = "attr-dict `:` type($targets)";
  let verifier = [{
    if (outputAttr().getInt() < 0)
      return emitOpError("output index must not be negative");
    return ::mlir::success();
  }];
}

// The backward ops of matrix work say their floating-point work, in their layer's file.
def Cnn_MatrixWork : DeclareOpInterfaceMethods<Cnn_WorkInterface>;

// A backward op: computes the gradient of the loss with respect to an input or a parameter of
// layer `layer` from the gradient with respect to its output (and forward values it needs).
// Result types are set by the pass that creates the op; the operands are `arity` tensors in the
// order the summary lists them.
class Cnn_GradOp<string mnemonic, int arity, string brief, dag extraAttrs, string example,
                 list<Trait> traits = []>
    : Cnn_Op<mnemonic, !listconcat(traits, [Cnn_Training])> {
  let summary = brief;
  let description = "```mlir\n" # example # "\n```";
  let arguments = !con((ins Variadic<Cnn_AnyTensor>:$inputs, StrAttr:$layer), extraAttrs);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs) `->` type($output)";
  let verifier = "return ::cnnc::cnn::verifyGradOperands(*this, " # arity # ");";
}

def Cnn_SoftmaxCrossEntropyGradOp : Cnn_Op<"softmax_cross_entropy_grad", [Cnn_Training]> {
  let summary = "Gradient of the mean sparse categorical cross-entropy w.r.t. softmax logits.";
  let description = [{
    From the softmax probabilities `p` of layer `layer` and the labels: weight (p -
    onehot(labels)) / batch, the gradient of the batch's mean loss (times its loss weight,
    1 when absent) with respect to the softmax's input.

    ```mlir
    %10 = cnn.softmax_cross_entropy_grad %8, %9 {layer = "dense_1"}
        : tensor<?x10xf32>, tensor<?xi32> -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$probabilities, Cnn_LabelsTensor:$labels, StrAttr:$layer,
                       OptionalAttr<F64Attr>:$weight);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$probabilities `,` $labels attr-dict `:` type($probabilities) `,` "
                       "type($labels) `->` type($output)";
}

def Cnn_LossGradOp : Cnn_Op<"loss_grad", [Cnn_Training]> {
  let summary = "Gradient of the mean binary_crossentropy, mse or mae of an output.";
  let description = [{
    From the predictions `p` of layer `layer` and the float targets `y`, over the N elements of
    the batch: for `binary_crossentropy` (p - y) / N, the gradient with respect to the input of
    the sigmoid that made `p`; for `mse` 2 (p - y) / N and for `mae` sign(p - y) / N, with respect
    to `p`. Each times the loss weight (1 when absent).

    ```mlir
    %12 = cnn.loss_grad %8, %11 {layer = "size", loss = "mse"}
        : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<?x1xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$predictions, Cnn_AnyTensor:$targets, StrAttr:$layer,
                       Cnn_FloatLossAttr:$loss, OptionalAttr<F64Attr>:$weight);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$predictions `,` $targets attr-dict `:` type($predictions) `,` "
                       "type($targets) `->` type($output)";
  let verifier = [{
    if (predictions().getType() != targets().getType())
      return emitOpError("targets must have the predictions' type");
    return ::mlir::success();
  }];
}

def Cnn_ReluGradOp : Cnn_GradOp<"relu_grad", 2,
    "Gradient through max(x, 0): operands (grad, relu output); grad where output > 0.", (ins),
    "%11 = cnn.relu_grad %g, %y {layer = \"dense\"} : tensor<?x100xf32>, tensor<?x100xf32> -> tensor<?x100xf32>">;

def Cnn_ActivationGradOp : Cnn_GradOp<"activation_grad", 2,
    "Gradient through sigmoid or tanh from its output y: grad y (1 - y), or grad (1 - y^2).",
    (ins Cnn_ActivationAttr:$function),
    "%11 = cnn.activation_grad %g, %y {function = \"tanh\", layer = \"dense\"} : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>">;

def Cnn_SoftmaxGradOp : Cnn_GradOp<"softmax_grad", 2,
    "Gradient through a softmax: operands (grad, softmax output y); y * (grad - sum(grad * y)).",
    (ins), "%11 = cnn.softmax_grad %g, %y {layer = \"softmax\"} : tensor<?x10xf32>, tensor<?x10xf32> -> tensor<?x10xf32>">;

def Cnn_Conv2DGradInputOp : Cnn_GradOp<"conv2d_grad_input", 1,
    "Gradient w.r.t. a Conv2D's input: operand (pre-activation grad); uses `<layer>.kernel`.",
    (ins I64ArrayAttr:$kernel_size, I64ArrayAttr:$strides, Cnn_PaddingAttr:$padding),
    "%12 = cnn.conv2d_grad_input %g {kernel_size = [3, 3], layer = \"conv2d_1\", padding = \"same\", strides = [1, 1]} : tensor<?x14x14x64xf32> -> tensor<?x14x14x32xf32>", [Cnn_MatrixWork]>;

def Cnn_Conv2DGradKernelOp : Cnn_GradOp<"conv2d_grad_kernel", 2,
    "Gradient of `<layer>.kernel`: operands (pre-activation grad, the layer's input).",
    (ins I64ArrayAttr:$kernel_size, I64ArrayAttr:$strides, Cnn_PaddingAttr:$padding),
    "%13 = cnn.conv2d_grad_kernel %g, %x {kernel_size = [3, 3], layer = \"conv2d_1\", padding = \"same\", strides = [1, 1]} : tensor<?x14x14x64xf32>, tensor<?x14x14x32xf32> -> tensor<3x3x32x64xf32>", [Cnn_MatrixWork]>;

def Cnn_BiasGradOp : Cnn_GradOp<"bias_grad", 1,
    "Gradient of `<layer>.bias`: operand (pre-activation grad) summed over all but channels.",
    (ins), "%14 = cnn.bias_grad %g {layer = \"conv2d_1\"} : tensor<?x14x14x64xf32> -> tensor<64xf32>">;

def Cnn_DenseGradInputOp : Cnn_GradOp<"dense_grad_input", 1,
    "Gradient w.r.t. a Dense layer's input: operand (pre-activation grad); uses `<layer>.kernel`.",
    (ins), "%15 = cnn.dense_grad_input %g {layer = \"dense\"} : tensor<?x100xf32> -> tensor<?x3136xf32>", [Cnn_MatrixWork]>;

def Cnn_DenseGradKernelOp : Cnn_GradOp<"dense_grad_kernel", 2,
    "Gradient of `<layer>.kernel`: operands (pre-activation grad, the layer's input).",
    (ins), "%16 = cnn.dense_grad_kernel %g, %x {layer = \"dense\"} : tensor<?x100xf32>, tensor<?x3136xf32> -> tensor<3136x100xf32>", [Cnn_MatrixWork]>;

def Cnn_MaxPool2DGradOp : Cnn_GradOp<"maxpool2d_grad", 2,
    "Routes each window's gradient to its first maximum: operands (grad, the pool's input).",
    (ins I64ArrayAttr:$pool_size, I64ArrayAttr:$strides, Cnn_PaddingAttr:$padding),
    "%17 = cnn.maxpool2d_grad %g, %x {layer = \"max_pooling2d\", padding = \"valid\", pool_size = [2, 2], strides = [2, 2]} : tensor<?x14x14x32xf32>, tensor<?x28x28x32xf32> -> tensor<?x28x28x32xf32>">;

def Cnn_AvgPool2DGradOp : Cnn_GradOp<"avgpool2d_grad", 1,
    "Spreads each window's gradient evenly over its pixels inside the image: operand (grad).",
    (ins I64ArrayAttr:$pool_size, I64ArrayAttr:$strides, Cnn_PaddingAttr:$padding),
    "%18 = cnn.avgpool2d_grad %g {layer = \"pool\", padding = \"same\", pool_size = [2, 2], strides = [2, 2]} : tensor<?x7x7x8xf32> -> tensor<?x14x14x8xf32>">;

def Cnn_ReshapeGradOp : Cnn_GradOp<"reshape_grad", 1,
    "A Flatten's gradient: the operand reinterpreted in the input's shape (no computation).",
    (ins), "%19 = cnn.reshape_grad %g {layer = \"flatten\"} : tensor<?x3136xf32> -> tensor<?x7x7x64xf32>">;

def Cnn_DropoutGradOp : Cnn_GradOp<"dropout_grad", 1,
    "Gradient through Dropout: the forward pass's mask and 1 / (1 - rate) scale on the operand.",
    (ins F64Attr:$rate),
    "%20 = cnn.dropout_grad %g {layer = \"dropout\", rate = 4.000000e-01 : f64} : tensor<?x100xf32> -> tensor<?x100xf32>">;

def Cnn_SliceGradOp : Cnn_GradOp<"slice_grad", 1,
    "A Concatenate input's gradient: the slice of the operand along `axis` from `offset`.",
    (ins I64Attr:$axis, I64Attr:$offset),
    "%21 = cnn.slice_grad %g {axis = -1 : i64, layer = \"concatenate\", offset = 8 : i64} : tensor<?x12xf32> -> tensor<?x4xf32>">;

def Cnn_GradSumOp : Cnn_GradOp<"grad_sum", 2,
    "Sums the gradients reaching the output of layer `layer` from each of its consumers.", (ins),
    "%22 = cnn.grad_sum %a, %b {layer = \"conv2d\"} : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>"> {
  // Two or more consumers, each contributing a gradient of the value's type.
  let verifier = [{ return ::cnnc::cnn::verifyGradSum(*this); }];
}

// An optimizer update of parameter `param` from its gradient, in place; the optimizer's slots
// (Adam's moments, SGD's velocity) belong to the parameter.
class Cnn_UpdateOp<string mnemonic, string brief, dag hyper, string example>
    : Op<Cnn_Dialect, mnemonic, [Cnn_Training, MemoryEffects<[MemWrite]>]> {
  let summary = brief;
  let description = "```mlir\n" # example # "\n```";
  let arguments = !con((ins Cnn_AnyTensor:$gradient, StrAttr:$param, F64Attr:$learning_rate),
                       hyper);
  let assemblyFormat = "$gradient attr-dict `:` type($gradient)";
}

def Cnn_AdamUpdateOp : Cnn_UpdateOp<"adam_update",
    "Keras's Adam: m += (g - m)(1 - beta_1); v += (g^2 - v)(1 - beta_2); "
    "w -= lr sqrt(1 - beta_2^t) / (1 - beta_1^t) m / (sqrt(v) + epsilon).",
    (ins F64Attr:$beta_1, F64Attr:$beta_2, F64Attr:$epsilon),
    "cnn.adam_update %16 {beta_1 = 9.000000e-01 : f64, beta_2 = 9.990000e-01 : f64, epsilon = 1.000000e-07 : f64, learning_rate = 1.000000e-03 : f64, param = \"dense.kernel\"} : tensor<3136x100xf32>">;

def Cnn_SgdUpdateOp : Cnn_UpdateOp<"sgd_update",
    "Keras's SGD with momentum: velocity = momentum velocity - lr g; w += velocity, or with "
    "nesterov w += momentum velocity - lr g.",
    (ins F64Attr:$momentum, OptionalAttr<BoolAttr>:$nesterov),
    "cnn.sgd_update %16 {learning_rate = 1.000000e-02 : f64, momentum = 0.000000e+00 : f64, param = \"dense.kernel\"} : tensor<3136x100xf32>">;

def Cnn_RmspropUpdateOp : Cnn_UpdateOp<"rmsprop_update",
    "Keras's RMSprop: v = rho v + (1 - rho) g^2; increment = lr g / sqrt(v + epsilon); "
    "w -= increment, or with momentum m = momentum m + increment; w -= m.",
    (ins F64Attr:$rho, F64Attr:$momentum, F64Attr:$epsilon),
    "cnn.rmsprop_update %16 {epsilon = 1.000000e-07 : f64, learning_rate = 1.000000e-03 : f64, momentum = 0.000000e+00 : f64, param = \"dense.kernel\", rho = 9.000000e-01 : f64} : tensor<3136x100xf32>">;

#endif // CNN_TRAINING_OPS
