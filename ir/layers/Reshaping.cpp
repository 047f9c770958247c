// Keras's Flatten and Reshape: output shapes and backward ops; both only reinterpret a sample.
#include "LayerArgs.h"

#include "cnnc/ir/GradientBuilder.h"
#include "cnnc/ir/Shapes.h"

using namespace mlir;

namespace cnnc::cnn {

StringRef FlattenOp::getKerasClass() { return "Flatten"; }
StringRef ReshapeOp::getKerasClass() { return "Reshape"; }

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                          ValueRange operands, DictionaryAttr attrs, RegionRange,
                                          SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  auto type = batchTensor(args, operands[0]);
  if (failed(type))
    return failure();
  int64_t features = 1;
  for (int64_t dim : type->getShape().drop_front())
    features *= dim;
  return addOutput(context, args, {kBatch, features}, results);
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                          ValueRange operands, DictionaryAttr attrs, RegionRange,
                                          SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  auto type = batchTensor(args, operands[0]);
  auto target = args.get("target_shape").dyn_cast_or_null<ArrayAttr>();
  if (failed(type))
    return failure();
  if (!target || target.empty() || target.size() > 3)
    return args.error() << "target_shape must be 1 to 3 sizes";
  int64_t elements = 1, known = 1;
  for (int64_t dim : type->getShape().drop_front())
    elements *= dim;
  SmallVector<int64_t, 4> shape{kBatch};
  int unknown = -1;
  for (Attribute size : target) {
    auto value = size.dyn_cast<IntegerAttr>();
    int64_t dim = value ? value.getInt() : 0;
    if (dim == -1 && unknown < 0)
      unknown = (int)shape.size();
    else if (dim <= 0)
      return args.error() << "target_shape sizes must be positive, with at most one -1";
    else if (__builtin_mul_overflow(known, dim, &known) || known > kMaxValues)
      return args.error() << "target_shape " << target << " holds more values a sample than "
                          << kMaxValuesText;
    shape.push_back(dim);
  }
  if (unknown >= 0 && elements % known == 0)
    shape[unknown] = elements / known;
  else if (unknown >= 0 || known != elements)
    return args.error() << "cannot reshape " << kerasShape(*type) << " (" << elements
                        << " values a sample) to target_shape " << target;
  return addOutput(context, args, shape, results);
}

// Views: nothing computed.
double FlattenOp::getFlopsPerSample() { return 0.0; }
double ReshapeOp::getFlopsPerSample() { return 0.0; }
Optional<SumShape> FlattenOp::getSumShape(int64_t) { return llvm::None; }
Optional<SumShape> ReshapeOp::getSumShape(int64_t) { return llvm::None; }

/// The gradient of the view's input: its output's, reinterpreted in the input's shape.
static void reinterpretGradient(GradientBuilder &builder, Operation *view, Value gradient) {
  Value input = view->getOperand(0);
  builder.addGradient(input, builder.emit<ReshapeGradOp>(view, input.getType(), {gradient}));
}

void FlattenOp::buildGradient(GradientBuilder &builder, Value gradient) {
  reinterpretGradient(builder, *this, gradient);
}

void ReshapeOp::buildGradient(GradientBuilder &builder, Value gradient) {
  reinterpretGradient(builder, *this, gradient);
}

} // namespace cnnc::cnn
