// The gradients of a model's values and weights, built one layer at a time, last layer first.
#include "cnnc/ir/GradientBuilder.h"

using namespace mlir;

namespace cnnc::cnn {

GradientBuilder::GradientBuilder(OpBuilder &builder, ArrayRef<Operation *> layers)
    : builder(builder) {
  for (Operation *layer : layers) {
    bool upstream =
        !layerParams(layer).empty() ||
        llvm::any_of(layer->getOperands(), [&](Value operand) { return needed.contains(operand); });
    if (upstream)
      needed.insert(layer->result_begin(), layer->result_end());
  }
}

void GradientBuilder::addGradient(Value value, Value gradient) {
  if (needed.contains(value))
    shares[value].push_back(gradient);
}

LogicalResult GradientBuilder::backward(Operation *op) {
  Value output = op->getResult(0);
  auto found = shares.find(output);
  if (found == shares.end())
    return success();
  FailureOr<LayerInterface> layer = layerOrError(op, "cannot build its gradient");
  if (failed(layer))
    return failure();
  Value gradient = found->second.size() == 1 ? found->second.front()
                                             : emit<GradSumOp>(op, output.getType(), found->second);
  layer->buildGradient(*this, gradient);
  return success();
}

void GradientBuilder::backwardThroughActivation(ActivationInterface layer, Value gradient) {
  layer.buildGradientBeforeActivation(
      *this, throughActivation(layer, layer.getActivationFunction(), gradient));
}

Value GradientBuilder::throughActivation(Operation *layer, Activation function, Value gradient) {
  Value output = layer->getResult(0);
  switch (function) {
  case Activation::relu:
    return emit<ReluGradOp>(layer, output.getType(), {gradient, output});
  case Activation::softmax:
    return emit<SoftmaxGradOp>(layer, output.getType(), {gradient, output});
  case Activation::sigmoid:
  case Activation::tanh:
    return emit<ActivationGradOp>(
        layer, output.getType(), {gradient, output}, {},
        {builder.getNamedAttr("function", builder.getStringAttr(stringifyActivation(function)))});
  case Activation::linear:
    break;
  }
  return gradient;
}

} // namespace cnnc::cnn
