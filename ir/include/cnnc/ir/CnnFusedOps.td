// The cnn dialect's fused ops: layer chains the fusion pass computes as one kernel.
#ifndef CNN_FUSED_OPS
#define CNN_FUSED_OPS

def Cnn_FusedOp : Cnn_Op<"fused", [IsolatedFromAbove]> {
  let summary = "Layers computed as one kernel: Conv2D, its ReLU, and a pooling layer.";
  let description = [{
    The body holds the fused layers as they were, on the block's arguments, and yields the
    last layer's output, then whatever the backward pass keeps of the chain: for max pooling
    the winners of each window (`cnn.maxpool2d_winners`). The layers keep their names, so the
    layer table still lists them and each can be run alone; `name` joins their names.

    ```mlir
    %2:2 = cnn.fused %0 {name = "conv2d+max_pooling2d"}
        : (tensor<?x28x28x1xf32>) -> (tensor<?x14x14x32xf32>, tensor<?x14x14x32xf32>) {
    ^bb0(%in: tensor<?x28x28x1xf32>):
      %c = cnn.conv2d %in {activation = "relu", ...} : ... -> tensor<?x28x28x32xf32>
      %p = cnn.maxpool2d %c {...} : tensor<?x28x28x32xf32> -> tensor<?x14x14x32xf32>
      %w = cnn.maxpool2d_winners %c {...} : tensor<?x28x28x32xf32> -> tensor<?x14x14x32xf32>
      cnn.yield %p, %w : tensor<?x14x14x32xf32>, tensor<?x14x14x32xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Cnn_AnyTensor>:$inputs, StrAttr:$name);
  let results = (outs Variadic<Cnn_AnyTensor>:$outputs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, $outputs) $body";
  let verifier = [{ return ::cnnc::cnn::verifyFused(*this); }];
}

def Cnn_YieldOp : Cnn_Op<"yield", [Terminator, HasParent<"FusedOp">]> {
  let summary = "The values a cnn.fused op produces.";
  let arguments = (ins Variadic<Cnn_AnyTensor>:$values);
  let assemblyFormat = "$values attr-dict `:` type($values)";
}

def Cnn_MaxPool2DWinnersOp : Cnn_Op<"maxpool2d_winners", [Cnn_Training]> {
  let summary = "Where each max pooling window's gradient goes, kept for the backward pass.";
  let description = [{
    For each window of the pooled ReLU output: the offset (row * width + column) of its first
    maximum in row-major order, as max pooling's gradient routes, or -1 where that maximum is
    not positive, as the ReLU passes no gradient there. Stored as floats.

    ```mlir
    %w = cnn.maxpool2d_winners %c {padding = "valid", pool_size = [2, 2], strides = [2, 2]}
        : tensor<?x28x28x32xf32> -> tensor<?x14x14x32xf32>
    ```
  }];
  let arguments = (ins Cnn_AnyTensor:$input, I64ArrayAttr:$pool_size, I64ArrayAttr:$strides,
                   Cnn_PaddingAttr:$padding);
  let results = (outs Cnn_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Cnn_MaxPool2DReluGradOp : Cnn_GradOp<"maxpool2d_relu_grad", 2,
    "Gradient through a ReLU and max pooling at once: operands (the pooled output's grad, the "
    "winners); each window's gradient goes to its winner, none where the winner is -1.",
    (ins I64ArrayAttr:$pool_size, I64ArrayAttr:$strides, Cnn_PaddingAttr:$padding),
    "%20 = cnn.maxpool2d_relu_grad %g, %w {layer = \"max_pooling2d_1\", padding = \"valid\", pool_size = [2, 2], strides = [2, 2]} : tensor<?x7x7x64xf32>, tensor<?x7x7x64xf32> -> tensor<?x14x14x64xf32>">;

#endif // CNN_FUSED_OPS
