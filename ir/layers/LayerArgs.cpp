// What the layers' files share: reading a layer's arguments, and the window and elementwise
// output-type rules.
#include "LayerArgs.h"

#include "cnnc/ir/Shapes.h"

using namespace mlir;

namespace cnnc::cnn {

Optional<int64_t> checkedProduct(ArrayRef<int64_t> factors) {
  int64_t product = 1;
  for (int64_t factor : factors)
    if (factor > kMaxValues || __builtin_mul_overflow(product, factor, &product) ||
        product > kMaxValues)
      return llvm::None;
  return product;
}

LayerArgs::LayerArgs(DictionaryAttr attrs, Optional<Location> loc, StringRef kerasClass)
    : attrs(attrs), loc(loc), kerasClass(kerasClass) {
  if (auto name = attrs ? attrs.getAs<StringAttr>("name") : StringAttr())
    layer = name.getValue();
}

InFlightDiagnostic LayerArgs::error() const {
  if (!loc)
    return InFlightDiagnostic();
  auto diag = mlir::emitError(*loc);
  diag << "layer '" << layer << "' (" << kerasClass << "): ";
  return diag;
}

FailureOr<int64_t> LayerArgs::positive(StringRef key) const {
  auto attr = attrs ? attrs.getAs<IntegerAttr>(key) : IntegerAttr();
  if (!attr || attr.getInt() <= 0) {
    // One expression: GCC 12 with sanitizers takes a named diagnostic for uninitialized.
    const std::string got = attr ? ", got " + std::to_string(attr.getInt()) : "";
    (void)(error() << key << " must be a positive integer" << got);
    return failure();
  }
  if (attr.getInt() > kMaxValues) {
    (void)(error() << key << " " << attr.getInt() << " is more than " << kMaxValuesText);
    return failure();
  }
  return attr.getInt();
}

FailureOr<std::array<int64_t, 2>> LayerArgs::positivePair(StringRef key) const {
  auto attr = attrs ? attrs.getAs<ArrayAttr>(key) : ArrayAttr();
  std::array<int64_t, 2> pair{0, 0};
  bool ok = attr && attr.size() == 2;
  for (unsigned i = 0; ok && i < 2; ++i) {
    auto value = attr[i].dyn_cast<IntegerAttr>();
    ok = value && value.getInt() > 0;
    pair[i] = ok ? value.getInt() : 0;
  }
  if (!ok) {
    (void)(error() << key << " must be two positive integers");
    return failure();
  }
  if (pair[0] > kMaxValues || pair[1] > kMaxValues) {
    (void)(error() << key << " " << pair[0] << "x" << pair[1] << " is more than "
                   << kMaxValuesText);
    return failure();
  }
  return pair;
}

LogicalResult LayerArgs::boolean(StringRef key) const {
  if (attrs && attrs.getAs<BoolAttr>(key))
    return success();
  return error() << "missing boolean attribute '" << key << "'";
}

FailureOr<RankedTensorType> batchTensor(const LayerArgs &args, Value operand) {
  auto type = operand.getType().dyn_cast<RankedTensorType>();
  if (!type || type.getRank() < 2 || type.getDimSize(0) != kBatch) {
    (void)(args.error() << "expects a batch of samples, got " << operand.getType());
    return failure();
  }
  if (!checkedProduct(type.getShape().drop_front())) {
    (void)(args.error() << "its input " << kerasShape(type) << " holds more values a sample than "
                        << kMaxValuesText);
    return failure();
  }
  return type;
}

/// The operand as (batch, height, width, channels).
static FailureOr<RankedTensorType> imageTensor(const LayerArgs &args, Value operand) {
  auto type = batchTensor(args, operand);
  if (failed(type))
    return failure();
  if (type->getRank() != 4) {
    (void)(args.error() << "expects a 4-D input (batch, height, width, channels), got "
                        << kerasShape(*type));
    return failure();
  }
  return type;
}

static RankedTensorType tensorOf(MLIRContext *context, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

LogicalResult addOutput(MLIRContext *context, const LayerArgs &args, ArrayRef<int64_t> shape,
                        SmallVectorImpl<Type> &results) {
  RankedTensorType type = tensorOf(context, shape);
  if (!checkedProduct(shape.drop_front()))
    return args.error() << "its output " << kerasShape(type) << " would hold more values a sample "
                        << "than " << kMaxValuesText;
  results.push_back(type);
  return success();
}

LogicalResult checkWeights(MLIRContext *context, const LayerArgs &args, ArrayRef<int64_t> shape) {
  if (checkedProduct(shape))
    return success();
  return args.error() << "its kernel " << kerasShape(tensorOf(context, shape))
                      << " would hold more weights than " << kMaxValuesText;
}

LogicalResult inferWindowed(MLIRContext *context, const LayerArgs &args, Value input,
                            StringRef windowKey, int64_t channelsOut,
                            SmallVectorImpl<Type> &results) {
  auto type = imageTensor(args, input);
  auto window = args.positivePair(windowKey);
  auto strides = args.positivePair("strides");
  auto padding = args.choice<Padding>("padding");
  if (failed(type) || failed(window) || failed(strides) || failed(padding))
    return failure();
  bool same = *padding == Padding::same;
  std::array<int64_t, 2> out;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t size = type->getDimSize(axis + 1);
    out[axis] = windowOutputSize(size, (*window)[axis], (*strides)[axis], same);
  }
  if (out[0] == 0 || out[1] == 0) {
    (void)(args.error() << windowKey << " " << (*window)[0] << "x" << (*window)[1]
                        << " is larger than its " << type->getDimSize(1) << "x"
                        << type->getDimSize(2) << " input with padding='valid'");
    return failure();
  }
  if (channelsOut == 0)
    channelsOut = type->getDimSize(3);
  else if (failed(checkWeights(context, args,
                               {(*window)[0], (*window)[1], type->getDimSize(3), channelsOut})))
    return failure();
  return addOutput(context, args, {kBatch, out[0], out[1], channelsOut}, results);
}

LogicalResult inferElementwise(const LayerArgs &args, ValueRange operands,
                               SmallVectorImpl<Type> &results) {
  auto type = batchTensor(args, operands[0]);
  if (failed(type))
    return failure();
  results.push_back(*type);
  return success();
}

ArrayRef<int64_t> shapeOf(Value value) { return value.getType().cast<ShapedType>().getShape(); }

} // namespace cnnc::cnn
