// Keras's MaxPooling2D and AveragePooling2D: arguments and output shape, work and backward ops.
#include "LayerArgs.h"

#include "cnnc/ir/GradientBuilder.h"

using namespace mlir;

namespace cnnc::cnn {

// The attributes their backward ops copy.
static const StringRef kPoolAttrs[] = {"pool_size", "strides", "padding"};

StringRef MaxPool2DOp::getKerasClass() { return "MaxPooling2D"; }
StringRef AvgPool2DOp::getKerasClass() { return "AveragePooling2D"; }

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                            ValueRange operands, DictionaryAttr attrs, RegionRange,
                                            SmallVectorImpl<Type> &results) {
  return inferWindowed(context, LayerArgs(attrs, loc, getKerasClass()), operands[0], "pool_size", 0,
                       results);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                            ValueRange operands, DictionaryAttr attrs, RegionRange,
                                            SmallVectorImpl<Type> &results) {
  return inferWindowed(context, LayerArgs(attrs, loc, getKerasClass()), operands[0], "pool_size", 0,
                       results);
}

// Comparisons and sums, no matrix work.
double MaxPool2DOp::getFlopsPerSample() { return 0.0; }
double AvgPool2DOp::getFlopsPerSample() { return 0.0; }
Optional<SumShape> MaxPool2DOp::getSumShape(int64_t) { return llvm::None; }
Optional<SumShape> AvgPool2DOp::getSumShape(int64_t) { return llvm::None; }

// Each window's gradient goes to its first maximum, found again in the input.
void MaxPool2DOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.addGradient(input(), builder.emit<MaxPool2DGradOp>(*this, input().getType(),
                                                             {gradient, input()}, kPoolAttrs));
}

void AvgPool2DOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.addGradient(
      input(), builder.emit<AvgPool2DGradOp>(*this, input().getType(), {gradient}, kPoolAttrs));
}

} // namespace cnnc::cnn
