// The Halide algorithms of the training graph's elementwise ops, and the dispatch to the others.
#include "KernelBuffers.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace Halide;

namespace cnnc {

cnn_scalar_kind scalarOf(mlir::Operation *op) {
  if (mlir::isa<cnn::DropoutOp, cnn::DropoutGradOp>(op))
    return CNN_SCALAR_DROPOUT_SEED;
  if (cnn::isOptimizerUpdate(op))
    return CNN_SCALAR_STEP_SIZE;
  return CNN_SCALAR_NONE;
}

std::string trainingOpName(mlir::Operation *op) {
  auto owner = op->getAttrOfType<mlir::StringAttr>("layer");
  if (!owner)
    owner = op->getAttrOfType<mlir::StringAttr>("param");
  return (owner.getValue() + "." + op->getName().stripDialect()).str();
}

std::string paramReadBy(mlir::Operation *op) {
  if (!mlir::isa<cnn::Conv2DGradInputOp, cnn::DenseGradInputOp>(op))
    return "";
  return (op->getAttrOfType<mlir::StringAttr>("layer").getValue() + ".kernel").str();
}

namespace {

Expr u32(uint32_t value) { return cast<uint32_t>(Expr((uint64_t)value)); }

/// cnn_mix32 of model_desc.h.
Expr mix32(Expr h) {
  h = h ^ (h >> 16);
  h = h * u32(0x85EBCA6Bu);
  h = h ^ (h >> 13);
  h = h * u32(0xC2B2AE35u);
  return h ^ (h >> 16);
}

/// Inverted dropout with the mask of cnn_dropout_keeps (model_desc.h). The flat Keras-order index
/// of an element within the whole batch is its offset in the dense Halide buffer, whose first
/// sample is the batch's sample `first` (a slice of the batch, for data-parallel training).
void defineDropout(double rate, int layer, const std::string &prefix, TrainingFuncs &f) {
  const ImageParam &in = f.buffers[0];
  std::vector<Var> vars = makeVars(in.dimensions());
  Expr seed = f.scalars.emplace_back(UInt(32), prefix + "_seed");
  Expr first = f.scalars.emplace_back(UInt(32), prefix + "_first");
  Expr index = cast<uint32_t>(vars.back()) + first;
  for (int d = (int)vars.size() - 2; d >= 0; --d)
    index = index * cast<uint32_t>(in.dim(d).extent()) + cast<uint32_t>(vars[d]);
  Expr stream = mix32(seed + u32(0x9E3779B9u * (uint32_t)(layer + 1)));
  Expr keeps = (mix32(stream ^ index) >> 8) >= u32((uint32_t)(rate * 16777216.0));
  f.output = Func("dropout");
  f.output(vars) = select(keeps, in(vars) * (float)(1.0 / (1.0 - rate)), 0.0f);
}

/// The loss weight of a loss's gradient op, 1 when absent.
float lossWeight(mlir::Operation *op) {
  auto weight = op->getAttrOfType<mlir::FloatAttr>("weight");
  return weight ? (float)weight.getValueAsDouble() : 1.0f;
}

/// weight (p - onehot(labels)) / batch: the mean cross-entropy's gradient w.r.t. the softmax's
/// input.
void defineLossGradient(cnn::SoftmaxCrossEntropyGradOp op, TrainingFuncs &f) {
  const ImageParam &probabilities = f.buffers[0], &labels = f.buffers[1];
  std::vector<Var> vars = makeVars(probabilities.dimensions());
  Expr batch = cast<float>(probabilities.dim(probabilities.dimensions() - 1).extent());
  Expr onehot = select(vars[0] == labels(vars.back()), 1.0f, 0.0f);
  f.output = Func("loss_grad");
  f.output(vars) = (probabilities(vars) - onehot) * (lossWeight(op) / batch);
}

/// The gradient of the mean over all N elements of binary_crossentropy (w.r.t. the sigmoid's
/// input), mse or mae, from predictions p and targets y; times the loss weight.
void defineTargetLossGradient(cnn::LossGradOp op, TrainingFuncs &f) {
  const ImageParam &predictions = f.buffers[0], &targets = f.buffers[1];
  std::vector<Var> vars = makeVars(predictions.dimensions());
  Expr elements = cast<float>(predictions.dim(0).extent());
  for (int d = 1; d < predictions.dimensions(); ++d)
    elements *= cast<float>(predictions.dim(d).extent());
  Expr difference = predictions(vars) - targets(vars);
  Expr perElement;
  switch (op.loss()) {
  case cnn::FloatLoss::binary_crossentropy: // through its sigmoid
    perElement = difference;
    break;
  case cnn::FloatLoss::mse:
    perElement = 2.0f * difference;
    break;
  case cnn::FloatLoss::mae:
    perElement = select(difference > 0.0f, 1.0f, difference < 0.0f, -1.0f, 0.0f);
    break;
  }
  f.output = Func("loss_grad");
  f.output(vars) = perElement * (lossWeight(op) / elements);
}

void defineReluGradient(TrainingFuncs &f) {
  const ImageParam &gradient = f.buffers[0], &output = f.buffers[1];
  std::vector<Var> vars = makeVars(gradient.dimensions());
  f.output = Func("relu_grad");
  f.output(vars) = select(output(vars) > 0.0f, gradient(vars), 0.0f);
}

/// Through sigmoid, g y (1 - y); through tanh, g (1 - y^2); y the activation's output.
void defineActivationGradient(cnn::ActivationGradOp op, TrainingFuncs &f) {
  const ImageParam &gradient = f.buffers[0], &output = f.buffers[1];
  std::vector<Var> vars = makeVars(gradient.dimensions());
  Expr y = output(vars);
  f.output = Func("activation_grad");
  f.output(vars) =
      gradient(vars) * (op.function() == cnn::Activation::sigmoid ? y * (1.0f - y) : 1.0f - y * y);
}

/// y * (g - sum over the channels of g * y), per sample.
void defineSoftmaxGradient(TrainingFuncs &f) {
  const ImageParam &gradient = f.buffers[0], &output = f.buffers[1];
  std::vector<Var> vars = makeVars(gradient.dimensions());
  std::vector<Expr> rest(vars.begin() + 1, vars.end());
  RDom r(0, gradient.dim(0).extent(), "rc");
  std::vector<Expr> atR{r.x};
  atR.insert(atR.end(), rest.begin(), rest.end());
  Func dot("dot");
  dot(rest) = 0.0f;
  dot(rest) += gradient(atR) * output(atR);
  f.output = Func("softmax_grad");
  f.output(vars) = output(vars) * (gradient(vars) - dot(rest));
  f.plan = TrainingPlan::SampleSum;
  f.accumulator = dot;
}

void defineSliceGradient(cnn::SliceGradOp op, TrainingFuncs &f) {
  int rank = f.buffers[0].dimensions();
  int64_t axis = op.axisAttr().getInt();
  if (axis < 0)
    axis += rank;
  std::vector<Var> vars = makeVars(rank);
  std::vector<Expr> at = asExprs(vars);
  at[rank - 1 - axis] += (int)op.offsetAttr().getInt();
  f.output = Func("slice_grad");
  f.output(vars) = f.buffers[0](at);
}

void defineGradientSum(TrainingFuncs &f) {
  std::vector<Var> vars = makeVars(f.buffers[0].dimensions());
  Expr total = f.buffers[0](vars);
  for (size_t i = 1; i < f.buffers.size(); ++i)
    total = total + f.buffers[i](vars);
  f.output = Func("grad_sum");
  f.output(vars) = total;
}

Type elementType(mlir::Value value) {
  return value.getType().cast<mlir::ShapedType>().getElementType().isInteger(32) ? Int(32)
                                                                                 : Float(32);
}

} // namespace

TrainingFuncs defineTrainingOp(mlir::Operation *op, const std::string &prefix, int dropoutLayer) {
  TrainingFuncs funcs;
  bool update = scalarOf(op) == CNN_SCALAR_STEP_SIZE;
  for (unsigned i = 0; !update && i < op->getNumOperands(); ++i)
    funcs.buffers.push_back(bufferParam(shapeOf(op->getOperand(i)),
                                        prefix + "_in" + std::to_string(i),
                                        elementType(op->getOperand(i))));
  llvm::TypeSwitch<mlir::Operation *>(op)
      .Case<cnn::DropoutOp, cnn::DropoutGradOp>([&](auto dropout) {
        defineDropout(dropout.rate().convertToDouble(), dropoutLayer, prefix, funcs);
      })
      .Case([&](cnn::SoftmaxCrossEntropyGradOp loss) { defineLossGradient(loss, funcs); })
      .Case([&](cnn::LossGradOp loss) { defineTargetLossGradient(loss, funcs); })
      .Case([&](cnn::ReluGradOp) { defineReluGradient(funcs); })
      .Case([&](cnn::ActivationGradOp op) { defineActivationGradient(op, funcs); })
      .Case([&](cnn::SoftmaxGradOp) { defineSoftmaxGradient(funcs); })
      .Case([&](cnn::SliceGradOp slice) { defineSliceGradient(slice, funcs); })
      .Case([&](cnn::GradSumOp) { defineGradientSum(funcs); })
      .Case<cnn::MaxPool2DGradOp, cnn::MaxPool2DReluGradOp, cnn::AvgPool2DGradOp>(
          [&](mlir::Operation *pool) { definePoolGradient(pool, funcs); })
      .Case<cnn::AdamUpdateOp, cnn::SgdUpdateOp, cnn::RmspropUpdateOp>(
          [&](mlir::Operation *step) { defineOptimizerUpdate(step, prefix, funcs); })
      .Default([&](mlir::Operation *) { defineWeightGradient(op, prefix, funcs); });
  if (!update)
    constrainDense(funcs.output.output_buffer(), halideExtents(shapeOf(op->getResult(0))));
  return funcs;
}

} // namespace cnnc
