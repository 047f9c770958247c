// Keras shapes as Halide buffers, variables and sliding windows, for the layer and training
// kernels.
#ifndef CNNC_CODEGEN_KERNELBUFFERS_H
#define CNNC_CODEGEN_KERNELBUFFERS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

#include "Halide.h"

#include <string>
#include <vector>

namespace cnnc {

/// Halide extents of a Keras shape: reversed (channels innermost), -1 for the batch.
std::vector<int64_t> halideExtents(llvm::ArrayRef<int64_t> kerasShape);

/// Declares dense, zero-based strides and the static extents, so that Halide can check the
/// caller's buffers and simplify addressing.
void constrainDense(Halide::OutputImageParam buffer, const std::vector<int64_t> &extents);

/// A dense buffer of a Keras shape (a -1 extent is the caller's).
Halide::ImageParam bufferParam(llvm::ArrayRef<int64_t> kerasShape, const std::string &name,
                               Halide::Type type = Halide::Float(32));

llvm::ArrayRef<int64_t> shapeOf(mlir::Value value);

/// Variables of a rank's Halide dimensions: (c, x, y, n) for images, (c, d1, ...) otherwise.
std::vector<Halide::Var> makeVars(size_t rank);
std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &vars);

/// A convolution or pooling window: size, strides, and padding before the first pixel along
/// (height, width).
struct Window {
  int kh, kw, sh, sw, padTop, padLeft;
};

/// The window of a convolution or pooling op, or of its backward ops, over an image of
/// `inShape`: its size is the attribute `sizeKey` (kernel_size, pool_size), with the op's
/// strides and padding.
Window windowOf(mlir::Operation *op, llvm::StringRef sizeKey, llvm::ArrayRef<int64_t> inShape);

/// The window of a pooling op or its gradient (pool_size) over an image of `inShape`.
Window poolWindowOf(mlir::Operation *op, llvm::ArrayRef<int64_t> inShape);

/// The in-image pixels of the window at output pixel (x, y), the count Keras averages over.
Halide::Expr pixelsInWindow(const Window &w, llvm::ArrayRef<int64_t> inShape, Halide::Expr x,
                            Halide::Expr y);

/// An image (a buffer, or a Func of its Keras shape) extended with `value` outside its height
/// and width.
Halide::Func padded(const Halide::Func &image, llvm::ArrayRef<int64_t> shape, float value);

/// For each window of max pooling over `input`: the offset (row * width + column) of its first
/// maximum in row-major order, as TensorFlow routes the gradient, and that maximum; padded
/// cells never win.
Halide::Func firstMaxima(const Halide::Func &input, llvm::ArrayRef<int64_t> inShape,
                         const Window &w);

} // namespace cnnc

#endif // CNNC_CODEGEN_KERNELBUFFERS_H
