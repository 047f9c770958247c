// What the layers' files share: reading a layer's arguments before the op exists, with errors at
// the layer, and the output-type rules several layers follow.
#ifndef CNNC_IR_LAYERS_LAYERARGS_H
#define CNNC_IR_LAYERS_LAYERARGS_H

#include "cnnc/ir/CnnDialect.h"

#include "mlir/IR/Diagnostics.h"

#include <array>

namespace cnnc::cnn {

constexpr int64_t kBatch = mlir::ShapedType::kDynamicSize;
/// The largest extent, and the most values a sample or a weight tensor may hold: Halide's
/// buffers index with 32-bit integers.
constexpr int64_t kMaxValues = (int64_t{1} << 31) - 1;
/// What messages about that limit say.
constexpr const char *kMaxValuesText = "2147483647 (Halide's buffers have 32-bit extents)";

/// The product of positive factors, or nothing when it (or a factor) exceeds kMaxValues.
llvm::Optional<int64_t> checkedProduct(llvm::ArrayRef<int64_t> factors);

/// Reads a layer's attributes before the op exists (inference runs on the attribute dictionary),
/// reporting a missing or malformed one against the layer's location and name.
class LayerArgs {
public:
  LayerArgs(mlir::DictionaryAttr attrs, llvm::Optional<mlir::Location> loc,
            llvm::StringRef kerasClass);

  /// Starts an error: "layer 'conv2d' (Conv2D): ...".
  mlir::InFlightDiagnostic error() const;

  /// An argument of an enumeration of CnnEnums.td: one of its strings.
  template <typename Enum> mlir::FailureOr<Enum> choice(llvm::StringRef key) const {
    auto attr = attrs ? attrs.getAs<mlir::StringAttr>(key) : mlir::StringAttr();
    if (!attr) {
      (void)(error() << "missing string attribute '" << key << "'");
      return mlir::failure();
    }
    if (llvm::Optional<Enum> value = symbolizeEnum<Enum>(attr.getValue()))
      return *value;
    auto diag = error();
    diag << key << " must be one of";
    for (unsigned index = 0; !stringifyEnum(static_cast<Enum>(index)).empty(); ++index)
      diag << " '" << stringifyEnum(static_cast<Enum>(index)) << "'";
    diag << ", got '" << attr.getValue() << "'";
    return mlir::failure();
  }
  /// A positive integer of at most kMaxValues.
  mlir::FailureOr<int64_t> positive(llvm::StringRef key) const;
  /// Two positive integers of at most kMaxValues.
  mlir::FailureOr<std::array<int64_t, 2>> positivePair(llvm::StringRef key) const;
  /// Success when the boolean argument is there.
  mlir::LogicalResult boolean(llvm::StringRef key) const;
  /// The argument, or null.
  mlir::Attribute get(llvm::StringRef key) const { return attrs ? attrs.get(key) : nullptr; }

private:
  mlir::DictionaryAttr attrs;
  llvm::Optional<mlir::Location> loc;
  llvm::StringRef kerasClass;
  llvm::StringRef layer;
};

/// The operand as a ranked f32 tensor with a dynamic batch, or an error.
mlir::FailureOr<mlir::RankedTensorType> batchTensor(const LayerArgs &args, mlir::Value operand);

/// Adds the output type (batch first) unless a sample of it would hold more than kMaxValues.
mlir::LogicalResult addOutput(mlir::MLIRContext *context, const LayerArgs &args,
                              llvm::ArrayRef<int64_t> shape,
                              llvm::SmallVectorImpl<mlir::Type> &results);

/// Unless the weight tensor of `shape` would hold more than kMaxValues, success.
mlir::LogicalResult checkWeights(mlir::MLIRContext *context, const LayerArgs &args,
                                 llvm::ArrayRef<int64_t> shape);

/// Output type of a window (convolution when `channelsOut` is set, else pooling) sliding over an
/// image; the window's size is the argument `windowKey`.
mlir::LogicalResult inferWindowed(mlir::MLIRContext *context, const LayerArgs &args,
                                  mlir::Value input, llvm::StringRef windowKey, int64_t channelsOut,
                                  llvm::SmallVectorImpl<mlir::Type> &results);

/// The output has the input's type.
mlir::LogicalResult inferElementwise(const LayerArgs &args, mlir::ValueRange operands,
                                     llvm::SmallVectorImpl<mlir::Type> &results);

/// The shape of a value, (batch, ...).
llvm::ArrayRef<int64_t> shapeOf(mlir::Value value);

} // namespace cnnc::cnn

#endif // CNNC_IR_LAYERS_LAYERARGS_H
