// Keras's Dropout: its rate, output shape and backward op.
#include "LayerArgs.h"

#include "cnnc/ir/GradientBuilder.h"

using namespace mlir;

namespace cnnc::cnn {

StringRef DropoutOp::getKerasClass() { return "Dropout"; }

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, Optional<Location> loc,
                                          ValueRange operands, DictionaryAttr attrs, RegionRange,
                                          SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  auto rate = args.get("rate").dyn_cast_or_null<FloatAttr>();
  if (!rate || rate.getValueAsDouble() < 0 || rate.getValueAsDouble() >= 1)
    return args.error() << "rate must be a number in [0, 1)";
  return inferElementwise(args, operands, results);
}

// A mask and a scale, no matrix work.
double DropoutOp::getFlopsPerSample() { return 0.0; }
Optional<SumShape> DropoutOp::getSumShape(int64_t) { return llvm::None; }

// The forward pass's mask and scale, applied to the gradient.
void DropoutOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.addGradient(input(),
                      builder.emit<DropoutGradOp>(*this, input().getType(), {gradient}, {"rate"}));
}

} // namespace cnnc::cnn
