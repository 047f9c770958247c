// Keras's Dense: its arguments and output shape, weights, floating-point work and backward ops.
#include "LayerArgs.h"

#include "cnnc/ir/GradientBuilder.h"
#include "cnnc/ir/Shapes.h"

using namespace mlir;

namespace cnnc::cnn {

StringRef DenseOp::getKerasClass() { return "Dense"; }

LogicalResult DenseOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                        ValueRange operands, DictionaryAttr attrs, RegionRange,
                                        SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  auto units = args.positive("units");
  auto activation = args.choice<Activation>("activation");
  auto type = batchTensor(args, operands[0]);
  if (failed(units) || failed(activation) || failed(type) || failed(args.boolean("use_bias")))
    return failure();
  if (type->getRank() != 2)
    return args.error() << "expects a 2-D input (batch, features), got " << kerasShape(*type)
                        << "; add Flatten() before it";
  if (failed(checkWeights(context, args, {type->getDimSize(1), *units})))
    return failure();
  return addOutput(context, args, {kBatch, *units}, results);
}

std::vector<ParamSpec> DenseOp::getWeights() {
  return kernelAndBias(name(), {shapeOf(input()).back(), (int64_t)units()}, 1, use_bias());
}

/// 2 * In * Out: the multiply-adds of a (batch, In) x (In, Out) product, per sample.
static double matrixFlops(int64_t in, int64_t out) {
  return 2.0 * static_cast<double>(in) * static_cast<double>(out);
}

double DenseOp::getFlopsPerSample() {
  return matrixFlops(shapeOf(input()).back(), shapeOf(output()).back());
}

// (batch, Out) -> (batch, In).
double DenseGradInputOp::getFlopsPerSample() {
  return matrixFlops(shapeOf(inputs()[0]).back(), shapeOf(output()).back());
}

// -> (In, Out).
double DenseGradKernelOp::getFlopsPerSample() {
  return matrixFlops(shapeOf(output())[0], shapeOf(output())[1]);
}

// Each output (batch, Out) sums In products, blocked along the units and the batch; with a
// softmax the sum is computed per sample, beside it.
Optional<SumShape> DenseOp::getSumShape(int64_t batch) {
  if (activation() == Activation::softmax)
    return llvm::None;
  return SumShape{(int64_t)units(), batch, 1, shapeOf(input()).back()};
}

// Each input gradient (batch, In) sums Out products.
Optional<SumShape> DenseGradInputOp::getSumShape(int64_t batch) {
  return SumShape{shapeOf(output()).back(), batch, 1, shapeOf(inputs()[0]).back()};
}

// Each weight (In, Out) sums over the batch.
Optional<SumShape> DenseGradKernelOp::getSumShape(int64_t batch) {
  ArrayRef<int64_t> kernel = shapeOf(output());
  return SumShape{kernel[1], kernel[0], 1, batch};
}

Activation DenseOp::getActivationFunction() { return activation(); }

void DenseOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.backwardThroughActivation(*this, gradient);
}

void DenseOp::buildGradientBeforeActivation(GradientBuilder &builder, Value gradient) {
  builder.backwardWeighted<DenseGradKernelOp, DenseGradInputOp>(*this, input(), gradient, {});
}

} // namespace cnnc::cnn
