// The gradients of a model's values and parameters, built one layer at a time, last layer first.
#include "LayerGradients.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/Params.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace cnnc {

// The attributes a backward op copies from its layer.
static const StringRef kConvAttrs[] = {"kernel_size", "strides", "padding"};
static const StringRef kPoolAttrs[] = {"pool_size", "strides", "padding"};

LayerGradients::LayerGradients(OpBuilder &builder, ArrayRef<Operation *> layers)
    : builder(builder) {
  for (Operation *layer : layers) {
    bool upstream = !cnn::layerParams(layer).empty() ||
                    llvm::any_of(layer->getOperands(),
                                 [&](Value operand) { return needsGradient.contains(operand); });
    if (upstream)
      needsGradient.insert(layer->result_begin(), layer->result_end());
  }
}

void LayerGradients::addGradient(Value value, Value gradient) {
  if (needsGradient.contains(value))
    shares[value].push_back(gradient);
}

template <typename GradOp>
Value LayerGradients::emit(Operation *layer, Type type, ValueRange inputs,
                           ArrayRef<StringRef> copiedAttrs, ArrayRef<NamedAttribute> extraAttrs) {
  SmallVector<NamedAttribute> attrs{
      builder.getNamedAttr("layer", builder.getStringAttr(cnn::layerName(layer)))};
  attrs.append(extraAttrs.begin(), extraAttrs.end());
  for (StringRef name : copiedAttrs)
    attrs.push_back(builder.getNamedAttr(name, layer->getAttr(name)));
  return builder.create<GradOp>(layer->getLoc(), TypeRange{type}, inputs, attrs);
}

void LayerGradients::backward(Operation *layer) {
  Value output = layer->getResult(0);
  auto found = shares.find(output);
  if (found == shares.end())
    return;
  Value gradient = found->second.size() == 1
                       ? found->second.front()
                       : emit<cnn::GradSumOp>(layer, output.getType(), found->second);
  Type inputType = layer->getNumOperands() ? layer->getOperand(0).getType() : Type();
  llvm::TypeSwitch<Operation *>(layer)
      .Case<cnn::Conv2DOp, cnn::DenseOp>([&](auto op) {
        backwardFromPreActivation(op, throughActivation(op, op.activation(), gradient));
      })
      .Case([&](cnn::MaxPool2DOp op) {
        addGradient(op.input(),
                    emit<cnn::MaxPool2DGradOp>(op, inputType, {gradient, op.input()}, kPoolAttrs));
      })
      .Case([&](cnn::AvgPool2DOp op) {
        addGradient(op.input(), emit<cnn::AvgPool2DGradOp>(op, inputType, {gradient}, kPoolAttrs));
      })
      .Case<cnn::FlattenOp, cnn::ReshapeOp>([&](auto op) {
        addGradient(op.input(), emit<cnn::ReshapeGradOp>(op, inputType, {gradient}));
      })
      .Case([&](cnn::DropoutOp op) {
        addGradient(op.input(), emit<cnn::DropoutGradOp>(op, inputType, {gradient}, {"rate"}));
      })
      .Case(
          [&](cnn::ReluOp op) { addGradient(op.input(), throughActivation(op, "relu", gradient)); })
      .Case([&](cnn::SoftmaxOp op) {
        addGradient(op.input(), throughActivation(op, "softmax", gradient));
      })
      .Case([&](cnn::ActivationOp op) {
        addGradient(op.input(), throughActivation(op, op.function(), gradient));
      })
      .Case([&](cnn::AddOp op) {
        for (Value input : op.inputs())
          addGradient(input, gradient);
      })
      .Case([&](cnn::ConcatOp op) { backwardConcat(op, gradient); })
      .Default([](Operation *) { llvm_unreachable("only layers' outputs get gradients"); });
}

void LayerGradients::backwardFromPreActivation(Operation *layer, Value gradient) {
  if (auto conv = dyn_cast<cnn::Conv2DOp>(layer))
    backwardWeighted<cnn::Conv2DGradKernelOp, cnn::Conv2DGradInputOp>(layer, conv.input(), gradient,
                                                                      kConvAttrs);
  else
    backwardWeighted<cnn::DenseGradKernelOp, cnn::DenseGradInputOp>(
        layer, cast<cnn::DenseOp>(layer).input(), gradient, {});
}

template <typename KernelGradOp, typename InputGradOp>
void LayerGradients::backwardWeighted(Operation *layer, Value input, Value gradient,
                                      ArrayRef<StringRef> copiedAttrs) {
  std::vector<cnn::ParamSpec> params = cnn::layerParams(layer);
  auto typeOf = [&](const cnn::ParamSpec &param) {
    return RankedTensorType::get(param.shape, builder.getF32Type());
  };
  paramGradients[params[0].name] =
      emit<KernelGradOp>(layer, typeOf(params[0]), {gradient, input}, copiedAttrs);
  if (params.size() > 1)
    paramGradients[params[1].name] = emit<cnn::BiasGradOp>(layer, typeOf(params[1]), {gradient});
  if (needsGradient.contains(input))
    addGradient(input, emit<InputGradOp>(layer, input.getType(), {gradient}, copiedAttrs));
}

Value LayerGradients::throughActivation(Operation *layer, StringRef activation, Value gradient) {
  Value output = layer->getResult(0);
  if (activation == "relu")
    return emit<cnn::ReluGradOp>(layer, output.getType(), {gradient, output});
  if (activation == "softmax")
    return emit<cnn::SoftmaxGradOp>(layer, output.getType(), {gradient, output});
  if (activation == "sigmoid" || activation == "tanh")
    return emit<cnn::ActivationGradOp>(
        layer, output.getType(), {gradient, output}, {},
        {builder.getNamedAttr("function", builder.getStringAttr(activation))});
  return gradient;
}

// Each input's gradient is its slice of the output's along the axis.
void LayerGradients::backwardConcat(Operation *layer, Value gradient) {
  auto concat = cast<cnn::ConcatOp>(layer);
  int64_t rank = gradient.getType().cast<ShapedType>().getRank();
  int64_t axis = concat.axisAttr().getInt();
  if (axis < 0)
    axis += rank;
  int64_t offset = 0;
  for (Value input : concat.inputs()) {
    if (needsGradient.contains(input)) {
      addGradient(input, emit<cnn::SliceGradOp>(
                             layer, input.getType(), {gradient}, {"axis"},
                             {builder.getNamedAttr("offset", builder.getI64IntegerAttr(offset))}));
    }
    offset += input.getType().cast<ShapedType>().getDimSize(axis);
  }
}

} // namespace cnnc
