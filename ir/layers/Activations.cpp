// Keras's ReLU, Softmax and Activation layers: output shapes, work and backward ops.
#include "LayerArgs.h"

#include "cnnc/ir/GradientBuilder.h"

using namespace mlir;

namespace cnnc::cnn {

StringRef ReluOp::getKerasClass() { return "ReLU"; }
StringRef SoftmaxOp::getKerasClass() { return "Softmax"; }
StringRef ActivationOp::getKerasClass() { return "Activation"; }

LogicalResult ReluOp::inferReturnTypes(MLIRContext *, Optional<Location> loc, ValueRange operands,
                                       DictionaryAttr attrs, RegionRange,
                                       SmallVectorImpl<Type> &results) {
  return inferElementwise(LayerArgs(attrs, loc, getKerasClass()), operands, results);
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *, Optional<Location> loc,
                                          ValueRange operands, DictionaryAttr attrs, RegionRange,
                                          SmallVectorImpl<Type> &results) {
  return inferElementwise(LayerArgs(attrs, loc, getKerasClass()), operands, results);
}

LogicalResult ActivationOp::inferReturnTypes(MLIRContext *, Optional<Location> loc,
                                             ValueRange operands, DictionaryAttr attrs, RegionRange,
                                             SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  if (failed(args.choice<Activation>("function")))
    return failure();
  return inferElementwise(args, operands, results);
}

// Elementwise functions, no matrix work.
double ReluOp::getFlopsPerSample() { return 0.0; }
double SoftmaxOp::getFlopsPerSample() { return 0.0; }
double ActivationOp::getFlopsPerSample() { return 0.0; }
Optional<SumShape> ReluOp::getSumShape(int64_t) { return llvm::None; }
Optional<SumShape> SoftmaxOp::getSumShape(int64_t) { return llvm::None; }
Optional<SumShape> ActivationOp::getSumShape(int64_t) { return llvm::None; }

Activation ReluOp::getActivationFunction() { return Activation::relu; }
Activation SoftmaxOp::getActivationFunction() { return Activation::softmax; }
Activation ActivationOp::getActivationFunction() { return function(); }

void ReluOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.backwardThroughActivation(*this, gradient);
}
void SoftmaxOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.backwardThroughActivation(*this, gradient);
}
void ActivationOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.backwardThroughActivation(*this, gradient);
}

// Before the function, the gradient is that of the layer's input.
void ReluOp::buildGradientBeforeActivation(GradientBuilder &builder, Value gradient) {
  builder.addGradient(input(), gradient);
}
void SoftmaxOp::buildGradientBeforeActivation(GradientBuilder &builder, Value gradient) {
  builder.addGradient(input(), gradient);
}
void ActivationOp::buildGradientBeforeActivation(GradientBuilder &builder, Value gradient) {
  builder.addGradient(input(), gradient);
}

} // namespace cnnc::cnn
