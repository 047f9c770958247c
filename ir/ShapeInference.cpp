// Output types of the cnn ops with Keras semantics; also where layer arguments are checked.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/Shapes.h"

#include "mlir/IR/Diagnostics.h"

#include <array>

using namespace mlir;

namespace cnnc::cnn {
namespace {

constexpr int64_t kBatch = ShapedType::kDynamicSize;
// The largest extent, and the most values a sample or a weight tensor may hold: Halide's buffers
// index with 32-bit integers.
constexpr int64_t kMaxValues = (int64_t{1} << 31) - 1;

/// The product of positive factors, or nothing when it (or a factor) exceeds kMaxValues.
Optional<int64_t> checkedProduct(ArrayRef<int64_t> factors) {
  int64_t product = 1;
  for (int64_t factor : factors)
    if (factor > kMaxValues || __builtin_mul_overflow(product, factor, &product) ||
        product > kMaxValues)
      return llvm::None;
  return product;
}

/// " of at most 2147483647 (Halide's 32-bit extents)", what messages about a limit add.
constexpr const char *kMaxValuesText = "2147483647 (Halide's buffers have 32-bit extents)";

/// Reads a layer's attributes before the op exists (inference runs on the attribute dictionary),
/// reporting a missing or malformed one against the layer's location and name.
class LayerArgs {
public:
  LayerArgs(DictionaryAttr attrs, Optional<Location> loc, StringRef kerasClass)
      : attrs(attrs), loc(loc), kerasClass(kerasClass) {
    if (auto name = attrs ? attrs.getAs<StringAttr>("name") : StringAttr())
      layer = name.getValue();
  }

  /// Starts an error: "layer 'conv2d' (Conv2D): ...".
  InFlightDiagnostic error() const {
    if (!loc)
      return InFlightDiagnostic();
    auto diag = mlir::emitError(*loc);
    diag << "layer '" << layer << "' (" << kerasClass << "): ";
    return diag;
  }

  FailureOr<StringRef> string(StringRef key, ArrayRef<StringRef> allowed = {}) const {
    auto attr = attrs ? attrs.getAs<StringAttr>(key) : StringAttr();
    if (!attr) {
      (void)(error() << "missing string attribute '" << key << "'");
      return failure();
    }
    if (!allowed.empty() && !llvm::is_contained(allowed, attr.getValue())) {
      auto diag = error();
      diag << key << " must be one of";
      for (StringRef value : allowed)
        diag << " '" << value << "'";
      diag << ", got '" << attr.getValue() << "'";
      return failure();
    }
    return attr.getValue();
  }

  FailureOr<int64_t> positive(StringRef key) const {
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

  FailureOr<std::array<int64_t, 2>> positivePair(StringRef key) const {
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

  LogicalResult boolean(StringRef key) const {
    if (attrs && attrs.getAs<BoolAttr>(key))
      return success();
    return error() << "missing boolean attribute '" << key << "'";
  }

  Attribute get(StringRef key) const { return attrs ? attrs.get(key) : Attribute(); }

private:
  DictionaryAttr attrs;
  Optional<Location> loc;
  StringRef kerasClass;
  StringRef layer;
};

const StringRef kPaddings[] = {"same", "valid"};
const StringRef kActivations[] = {"linear", "relu", "softmax", "sigmoid", "tanh"};

/// The operand as a ranked f32 tensor with a dynamic batch, or an error.
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
FailureOr<RankedTensorType> imageTensor(const LayerArgs &args, Value operand) {
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

RankedTensorType tensorOf(MLIRContext *context, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

/// Adds the output type (batch first) unless a sample of it would hold more than kMaxValues.
LogicalResult addOutput(MLIRContext *context, const LayerArgs &args, ArrayRef<int64_t> shape,
                        SmallVectorImpl<Type> &results) {
  RankedTensorType type = tensorOf(context, shape);
  if (!checkedProduct(shape.drop_front()))
    return args.error() << "its output " << kerasShape(type) << " would hold more values a sample "
                        << "than " << kMaxValuesText;
  results.push_back(type);
  return success();
}

/// Unless the weight tensor of `shape` would hold more than kMaxValues, success.
LogicalResult checkWeights(MLIRContext *context, const LayerArgs &args, ArrayRef<int64_t> shape) {
  if (checkedProduct(shape))
    return success();
  return args.error() << "its kernel " << kerasShape(tensorOf(context, shape))
                      << " would hold more weights than " << kMaxValuesText;
}

/// Output type of a window (convolution or pooling) sliding over an image.
LogicalResult inferWindowed(MLIRContext *context, const LayerArgs &args, Value input,
                            StringRef windowKey, int64_t channelsOut,
                            SmallVectorImpl<Type> &results) {
  auto type = imageTensor(args, input);
  auto window = args.positivePair(windowKey);
  auto strides = args.positivePair("strides");
  auto padding = args.string("padding", kPaddings);
  if (failed(type) || failed(window) || failed(strides) || failed(padding))
    return failure();
  bool same = *padding == "same";
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

/// Checks that every operand has the type of the first; the result has that type.
LogicalResult inferSameShape(const LayerArgs &args, ValueRange operands,
                             SmallVectorImpl<Type> &results) {
  if (operands.size() < 2) {
    (void)(args.error() << "needs at least two inputs, got " << operands.size());
    return failure();
  }
  auto first = batchTensor(args, operands[0]);
  if (failed(first))
    return failure();
  for (Value operand : operands.drop_front()) {
    if (operand.getType() != *first) {
      (void)(args.error() << "inputs must have one shape, got " << kerasShape(*first) << " and "
                          << kerasShape(operand.getType()));
      return failure();
    }
  }
  results.push_back(*first);
  return success();
}

} // namespace

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attrs, RegionRange,
                                         SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, "Conv2D");
  auto filters = args.positive("filters");
  auto activation = args.string("activation", kActivations);
  if (failed(filters) || failed(activation) || failed(args.boolean("use_bias")))
    return failure();
  return inferWindowed(context, args, operands[0], "kernel_size", *filters, results);
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                            ValueRange operands, DictionaryAttr attrs, RegionRange,
                                            SmallVectorImpl<Type> &results) {
  return inferWindowed(context, LayerArgs(attrs, loc, "MaxPooling2D"), operands[0], "pool_size", 0,
                       results);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                            ValueRange operands, DictionaryAttr attrs, RegionRange,
                                            SmallVectorImpl<Type> &results) {
  return inferWindowed(context, LayerArgs(attrs, loc, "AveragePooling2D"), operands[0], "pool_size",
                       0, results);
}

LogicalResult DenseOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                        ValueRange operands, DictionaryAttr attrs, RegionRange,
                                        SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, "Dense");
  auto units = args.positive("units");
  auto activation = args.string("activation", kActivations);
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

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                          ValueRange operands, DictionaryAttr attrs, RegionRange,
                                          SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, "Flatten");
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
  LayerArgs args(attrs, loc, "Reshape");
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

/// Layers whose output has the input's type.
static LogicalResult inferElementwise(Optional<Location> loc, ValueRange operands,
                                      DictionaryAttr attrs, StringRef kerasClass,
                                      SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, kerasClass);
  auto type = batchTensor(args, operands[0]);
  if (failed(type))
    return failure();
  results.push_back(*type);
  return success();
}

LogicalResult ReluOp::inferReturnTypes(MLIRContext *, Optional<Location> loc, ValueRange operands,
                                       DictionaryAttr attrs, RegionRange,
                                       SmallVectorImpl<Type> &results) {
  return inferElementwise(loc, operands, attrs, "ReLU", results);
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *, Optional<Location> loc,
                                          ValueRange operands, DictionaryAttr attrs, RegionRange,
                                          SmallVectorImpl<Type> &results) {
  return inferElementwise(loc, operands, attrs, "Softmax", results);
}

LogicalResult ActivationOp::inferReturnTypes(MLIRContext *, Optional<Location> loc,
                                             ValueRange operands, DictionaryAttr attrs, RegionRange,
                                             SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, "Activation");
  if (failed(args.string("function", kActivations)))
    return failure();
  return inferElementwise(loc, operands, attrs, "Activation", results);
}

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, Optional<Location> loc,
                                          ValueRange operands, DictionaryAttr attrs, RegionRange,
                                          SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, "Dropout");
  auto rate = args.get("rate").dyn_cast_or_null<FloatAttr>();
  if (!rate || rate.getValueAsDouble() < 0 || rate.getValueAsDouble() >= 1)
    return args.error() << "rate must be a number in [0, 1)";
  return inferElementwise(loc, operands, attrs, "Dropout", results);
}

LogicalResult AddOp::inferReturnTypes(MLIRContext *, Optional<Location> loc, ValueRange operands,
                                      DictionaryAttr attrs, RegionRange,
                                      SmallVectorImpl<Type> &results) {
  return inferSameShape(LayerArgs(attrs, loc, "Add"), operands, results);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attrs, RegionRange,
                                         SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, "Concatenate");
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

LogicalResult verifyInput(InputOp op) {
  auto type = op.output().getType().dyn_cast<RankedTensorType>();
  bool ok = type && type.getRank() >= 2 && type.getDimSize(0) == kBatch;
  for (int64_t d = 1; ok && d < type.getRank(); ++d)
    ok = type.getDimSize(d) > 0;
  if (!ok)
    return op.emitError() << "input '" << op.name()
                          << "' must be a tensor with a dynamic batch and static positive "
                             "dimensions, got "
                          << op.output().getType();
  return success();
}

} // namespace cnnc::cnn
