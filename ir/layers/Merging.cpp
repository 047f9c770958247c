// Keras's Add and Concatenate: output shapes and backward ops of layers with several inputs.
#include "LayerArgs.h"

#include "cnnc/ir/GradientBuilder.h"
#include "cnnc/ir/Shapes.h"

using namespace mlir;

namespace cnnc::cnn {

StringRef AddOp::getKerasClass() { return "Add"; }
StringRef ConcatOp::getKerasClass() { return "Concatenate"; }

LogicalResult AddOp::inferReturnTypes(MLIRContext *, Optional<Location> loc, ValueRange operands,
                                      DictionaryAttr attrs, RegionRange,
                                      SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  if (operands.size() < 2)
    return args.error() << "needs at least two inputs, got " << operands.size();
  auto first = batchTensor(args, operands[0]);
  if (failed(first))
    return failure();
  for (Value operand : operands.drop_front())
    if (operand.getType() != *first)
      return args.error() << "inputs must have one shape, got " << kerasShape(*first) << " and "
                          << kerasShape(operand.getType());
  results.push_back(*first);
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attrs, RegionRange,
                                         SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  auto axisAttr = args.get("axis").dyn_cast_or_null<IntegerAttr>();
  if (!axisAttr)
    return args.error() << "missing integer attribute 'axis'";
  if (operands.size() < 2)
    return args.error() << "needs at least two inputs, got " << operands.size();
  auto first = batchTensor(args, operands[0]);
  if (failed(first))
    return failure();
  int64_t rank = first->getRank();
  int64_t axis = axisAttr.getInt() < 0 ? axisAttr.getInt() + rank : axisAttr.getInt();
  if (axis < 1 || axis >= rank)
    return args.error() << "axis " << axisAttr.getInt() << " is out of range for "
                        << kerasShape(*first);
  SmallVector<int64_t, 4> shape(first->getShape().begin(), first->getShape().end());
  for (Value operand : operands.drop_front()) {
    auto type = batchTensor(args, operand);
    if (failed(type))
      return failure();
    bool compatible = type->getRank() == rank;
    for (int64_t d = 1; compatible && d < rank; ++d)
      compatible = d == axis || type->getDimSize(d) == shape[d];
    if (!compatible)
      return args.error() << "cannot join " << kerasShape(*first) << " and " << kerasShape(*type)
                          << " along axis " << axisAttr.getInt();
    shape[axis] += type->getDimSize(axis);
  }
  return addOutput(context, args, shape, results);
}

// Sums and copies, no matrix work.
double AddOp::getFlopsPerSample() { return 0.0; }
double ConcatOp::getFlopsPerSample() { return 0.0; }
Optional<SumShape> AddOp::getSumShape(int64_t) { return llvm::None; }
Optional<SumShape> ConcatOp::getSumShape(int64_t) { return llvm::None; }

// Each input's gradient is the output's.
void AddOp::buildGradient(GradientBuilder &builder, Value gradient) {
  for (Value input : inputs())
    builder.addGradient(input, gradient);
}

// Each input's gradient is its slice of the output's along the axis.
void ConcatOp::buildGradient(GradientBuilder &builder, Value gradient) {
  int64_t rank = gradient.getType().cast<ShapedType>().getRank();
  int64_t given = axisAttr().getInt(), joined = given < 0 ? given + rank : given;
  int64_t offset = 0;
  for (Value input : inputs()) {
    if (builder.needsGradient(input)) {
      NamedAttribute offsetAttr = builder.getBuilder().getNamedAttr(
          "offset", builder.getBuilder().getI64IntegerAttr(offset));
      builder.addGradient(input, builder.emit<SliceGradOp>(*this, input.getType(), {gradient},
                                                           {"axis"}, {offsetAttr}));
    }
    offset += shapeOf(input)[joined];
  }
}

} // namespace cnnc::cnn
