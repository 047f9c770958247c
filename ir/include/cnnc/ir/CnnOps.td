// The cnn dialect: one op per Keras layer, on tensors with a dynamic batch and static features.
#ifndef CNN_OPS
#define CNN_OPS

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Cnn_Dialect : Dialect {
  let name = "cnn";
  let cppNamespace = "::cnnc::cnn";
  let summary = "Convolutional neural networks as Keras layers.";
  let description = [{
    Each op is one layer of a Keras model and carries the layer's name and arguments as
    attributes. Values are `tensor<?x...xf32>`: the batch is dynamic, every other dimension is
    static, channels last. Kernels and biases are implicit: their shapes follow from the
    attributes and the input type, and they are named `<layer>.kernel` / `<layer>.bias`.
  }];
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{ void registerAttributes(); }];
}

include "cnnc/ir/CnnAttrs.td"
include "cnnc/ir/CnnEnums.td"
include "cnnc/ir/CnnInterfaces.td"

def Cnn_AnyTensor : TensorOf<[F32]>;

class Cnn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Cnn_Dialect, mnemonic, !listconcat(traits, [NoSideEffect])>;

// A Keras layer: it says its Keras class, weights, backward pass and work (CnnInterfaces.td)
// in its file under ir/layers/. `overridden` names the interface methods with a default (none
// for a layer without weights) that the layer defines.
class Cnn_LayerOp<string mnemonic, list<Trait> traits = [], list<string> overridden = []>
    : Cnn_Op<mnemonic, !listconcat(traits, [
        DeclareOpInterfaceMethods<Cnn_LayerInterface, overridden>,
        DeclareOpInterfaceMethods<Cnn_WorkInterface>])>;

// Layers whose output type follows from their operands and attributes. Inference also checks
// the attributes' values, so a verified op is a well-formed layer.
class Cnn_InferredOp<string mnemonic, list<Trait> traits = [], list<string> overridden = []>
    : Cnn_LayerOp<mnemonic, !listconcat(traits, [DeclareOpInterfaceMethods<InferTypeOpInterface>]),
                  overridden>;

// A layer that applies an activation function last (CnnInterfaces.td).
def Cnn_Activated : DeclareOpInterfaceMethods<Cnn_ActivationInterface>;

def Cnn_InputOp : Cnn_LayerOp<"input"> {
  let summary = "A model input (Keras `Input`).";
  let description = [{
    Produces the batch fed to the model under `name`.

    ```mlir
    %0 = cnn.input {name = "input_1"} : tensor<?x28x28x1xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "attr-dict `:` type($output)";
  let verifier = [{ return ::cnnc::cnn::verifyInput(*this); }];
}

def Cnn_Conv2DOp : Cnn_InferredOp<"conv2d", [Cnn_Activated], ["getWeights"]> {
  let summary = "2-D convolution, channels last (Keras `Conv2D`).";
  let description = [{
    Slides `filters` kernels of `kernel_size` over the input with `strides`; `same` padding adds
    zeros so that the output is ceil(input / stride), `valid` adds none. The kernel is
    (kh, kw, in, filters), the bias (filters); the activation is applied last.

    ```mlir
    %1 = cnn.conv2d %0 {activation = "relu", filters = 32 : i64, kernel_size = [3, 3],
                        name = "conv2d", padding = "same", strides = [1, 1], use_bias = true}
        : tensor<?x28x28x1xf32> -> tensor<?x28x28x32xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$input, StrAttr:$name, I64Attr:$filters,
                   I64ArrayAttr:$kernel_size, I64ArrayAttr:$strides, Cnn_PaddingAttr:$padding,
                   Cnn_ActivationAttr:$activation, BoolAttr:$use_bias);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

class Cnn_PoolOp<string mnemonic, string keras> : Cnn_InferredOp<mnemonic> {
  let summary = "2-D " # keras # " over non-overlapping or strided windows.";
  let description = [{
    Reduces each `pool_size` window, stepping by `strides`, channel by channel. With `same`
    padding the windows at the border cover only the input's pixels.

    ```mlir
    %2 = cnn.}] # mnemonic # [{ %1 {name = "pool", padding = "valid", pool_size = [2, 2],
                        strides = [2, 2]} : tensor<?x28x28x32xf32> -> tensor<?x14x14x32xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$input, StrAttr:$name, I64ArrayAttr:$pool_size,
                   I64ArrayAttr:$strides, Cnn_PaddingAttr:$padding);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Cnn_MaxPool2DOp : Cnn_PoolOp<"maxpool2d", "max pooling (Keras `MaxPooling2D`)">;
def Cnn_AvgPool2DOp : Cnn_PoolOp<"avgpool2d", "average pooling (Keras `AveragePooling2D`)">;

def Cnn_DenseOp : Cnn_InferredOp<"dense", [Cnn_Activated], ["getWeights"]> {
  let summary = "Fully connected layer (Keras `Dense`).";
  let description = [{
    `output = activation(input x kernel + bias)` on a (batch, features) input; the kernel is
    (features, units).

    ```mlir
    %6 = cnn.dense %5 {activation = "relu", name = "dense", units = 100 : i64, use_bias = true}
        : tensor<?x3136xf32> -> tensor<?x100xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$input, StrAttr:$name, I64Attr:$units,
                   Cnn_ActivationAttr:$activation, BoolAttr:$use_bias);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

class Cnn_UnaryOp<string mnemonic, string brief, string example, list<Trait> traits = []>
    : Cnn_InferredOp<mnemonic, traits> {
  let summary = brief;
  let description = "```mlir\n" # example # "\n```";
  let arguments = (ins Cnn_AnyTensor:$input, StrAttr:$name);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Cnn_FlattenOp : Cnn_UnaryOp<"flatten",
    "Flattens every sample in (height, width, channels) order (Keras `Flatten`).",
    "%5 = cnn.flatten %4 {name = \"flatten\"} : tensor<?x7x7x64xf32> -> tensor<?x3136xf32>">;
def Cnn_ReshapeOp : Cnn_InferredOp<"reshape"> {
  let summary = "Gives every sample `target_shape`, its elements in order (Keras `Reshape`).";
  let description = [{
    One size of `target_shape` may be -1: the one that keeps the sample's element count.

    ```mlir
    %1 = cnn.reshape %0 {name = "reshape", target_shape = [28, 28, 1]} : tensor<?x784xf32> -> tensor<?x28x28x1xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$input, StrAttr:$name, I64ArrayAttr:$target_shape);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Cnn_ReluOp : Cnn_UnaryOp<"relu", "max(x, 0) (Keras `ReLU`).",
    "%1 = cnn.relu %0 {name = \"re_lu\"} : tensor<?x8xf32> -> tensor<?x8xf32>", [Cnn_Activated]>;
def Cnn_SoftmaxOp : Cnn_UnaryOp<"softmax", "Softmax over the last axis (Keras `Softmax`).",
    "%1 = cnn.softmax %0 {name = \"softmax\"} : tensor<?x10xf32> -> tensor<?x10xf32>",
    [Cnn_Activated]>;

def Cnn_ActivationOp : Cnn_InferredOp<"activation", [Cnn_Activated]> {
  let summary = "An activation function as a layer of its own (Keras `Activation`).";
  let description = [{
    `function` is one of linear, relu, softmax (over the last axis), sigmoid, tanh.

    ```mlir
    %1 = cnn.activation %0 {function = "sigmoid", name = "activation"} : tensor<?x8xf32> -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$input, StrAttr:$name, Cnn_ActivationAttr:$function);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Cnn_DropoutOp : Cnn_InferredOp<"dropout"> {
  let summary = "Drops a `rate` fraction of the values while training (Keras `Dropout`).";
  let description = [{
    The identity at inference; in training, inverted dropout scales the kept values by
    1 / (1 - rate).

    ```mlir
    %7 = cnn.dropout %6 {name = "dropout", rate = 4.000000e-01 : f64}
        : tensor<?x100xf32> -> tensor<?x100xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$input, StrAttr:$name, F64Attr:$rate);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Cnn_AddOp : Cnn_InferredOp<"add"> {
  let summary = "Elementwise sum of tensors of one shape (Keras `Add`).";
  let description = [{
    ```mlir
    %4 = cnn.add %2, %3 {name = "add"} : tensor<?x28x28x32xf32>, tensor<?x28x28x32xf32>
        -> tensor<?x28x28x32xf32>
    ```
  }];
  let arguments = (ins Variadic<Cnn_AnyTensor>:$inputs, StrAttr:$name);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs) `->` type($output)";
}

def Cnn_ConcatOp : Cnn_InferredOp<"concat"> {
  let summary = "Joins tensors along `axis` (Keras `Concatenate`).";
  let description = [{
    All other dimensions must agree; `axis` counts like Python (-1 is the last).

    ```mlir
    %4 = cnn.concat %2, %3 {axis = -1 : i64, name = "concatenate"}
        : tensor<?x8xf32>, tensor<?x4xf32> -> tensor<?x12xf32>
    ```
  }];
  let arguments = (ins Variadic<Cnn_AnyTensor>:$inputs, StrAttr:$name, I64Attr:$axis);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs) `->` type($output)";
}

def Cnn_OutputOp : Op<Cnn_Dialect, "output", [Terminator, NoSideEffect]> {
  let summary = "The model's outputs, in order.";
  let description = [{
    ```mlir
    cnn.output %8 : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Variadic<Cnn_AnyTensor>:$outputs);
  let assemblyFormat = "$outputs attr-dict `:` type($outputs)";
}

include "cnnc/ir/CnnTrainingOps.td"
include "cnnc/ir/CnnFusedOps.td"

#endif // CNN_OPS
