// Keras's arithmetic for sliding windows (convolution and pooling) along one axis.
#ifndef CNNC_IR_SHAPES_H
#define CNNC_IR_SHAPES_H

#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>
#include <string>

namespace cnnc::cnn {

/// Output length of a window of `window` stepping by `stride` over `input` values: with `same`
/// padding ceil(input / stride), with `valid` padding floor((input - window) / stride) + 1, or
/// 0 when the window does not fit.
int64_t windowOutputSize(int64_t input, int64_t window, int64_t stride, bool same);

/// Zeros added before the input with `same` padding (TensorFlow puts the odd one after).
int64_t samePaddingBefore(int64_t input, int64_t window, int64_t stride);

/// A tensor type as Keras prints shapes: "(None, 28, 28, 1)".
std::string kerasShape(mlir::Type type);

} // namespace cnnc::cnn

#endif // CNNC_IR_SHAPES_H
