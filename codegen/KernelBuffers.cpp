// Keras shapes as Halide buffers, variables and sliding windows, for the layer and training
// kernels.
#include "KernelBuffers.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/Shapes.h"

#include "mlir/IR/BuiltinTypes.h"

#include <limits>

using namespace Halide;

namespace cnnc {

std::vector<int64_t> halideExtents(llvm::ArrayRef<int64_t> kerasShape) {
  std::vector<int64_t> extents(kerasShape.rbegin(), kerasShape.rend());
  for (int64_t &extent : extents)
    if (extent == mlir::ShapedType::kDynamicSize)
      extent = -1;
  return extents;
}

void constrainDense(OutputImageParam buffer, const std::vector<int64_t> &extents) {
  Expr stride = 1;
  for (size_t d = 0; d < extents.size(); ++d) {
    buffer.dim(d).set_min(0).set_stride(stride);
    if (extents[d] >= 0) {
      buffer.dim(d).set_extent((int)extents[d]);
      stride = stride * (int)extents[d];
    } else {
      stride = stride * buffer.dim(d).extent();
    }
  }
}

ImageParam bufferParam(llvm::ArrayRef<int64_t> kerasShape, const std::string &name, Type type) {
  auto extents = halideExtents(kerasShape);
  ImageParam param(type, (int)extents.size(), name);
  constrainDense(param, extents);
  return param;
}

llvm::ArrayRef<int64_t> shapeOf(mlir::Value value) {
  return value.getType().cast<mlir::ShapedType>().getShape();
}

std::vector<Var> makeVars(size_t rank) {
  static const char *names[] = {"c", "x", "y", "n"};
  std::vector<Var> vars;
  for (size_t d = 0; d < rank; ++d)
    vars.emplace_back(rank == 4 ? names[d] : (d == 0 ? "c" : "d" + std::to_string(d)));
  return vars;
}

std::vector<Expr> asExprs(const std::vector<Var> &vars) {
  return std::vector<Expr>(vars.begin(), vars.end());
}

static int64_t intAt(mlir::ArrayAttr array, unsigned index) {
  return array[index].cast<mlir::IntegerAttr>().getInt();
}

Window windowOf(mlir::Operation *op, llvm::StringRef sizeKey, llvm::ArrayRef<int64_t> inShape) {
  auto size = op->getAttrOfType<mlir::ArrayAttr>(sizeKey);
  auto strides = op->getAttrOfType<mlir::ArrayAttr>("strides");
  Window w{(int)intAt(size, 0),
           (int)intAt(size, 1),
           (int)intAt(strides, 0),
           (int)intAt(strides, 1),
           0,
           0};
  if (cnn::symbolizePadding(op->getAttrOfType<mlir::StringAttr>("padding").getValue()) ==
      cnn::Padding::same) {
    w.padTop = (int)cnn::samePaddingBefore(inShape[1], w.kh, w.sh);
    w.padLeft = (int)cnn::samePaddingBefore(inShape[2], w.kw, w.sw);
  }
  return w;
}

Expr pixelsInWindow(const Window &w, llvm::ArrayRef<int64_t> inShape, Expr x, Expr y) {
  Expr left = x * w.sw - w.padLeft, top = y * w.sh - w.padTop;
  Expr width = min(left + w.kw, (int)inShape[2]) - max(left, 0);
  Expr height = min(top + w.kh, (int)inShape[1]) - max(top, 0);
  return width * height;
}

Window poolWindowOf(mlir::Operation *op, llvm::ArrayRef<int64_t> inShape) {
  return windowOf(op, "pool_size", inShape);
}

Func padded(const Func &image, llvm::ArrayRef<int64_t> shape, float value) {
  Region bounds{Range(), Range(0, (int)shape[2]), Range(0, (int)shape[1]), Range()};
  return BoundaryConditions::constant_exterior(image, value, bounds);
}

Func firstMaxima(const Func &input, llvm::ArrayRef<int64_t> inShape, const Window &w) {
  float lowest = -std::numeric_limits<float>::infinity();
  Func in = padded(input, inShape, lowest);
  Var c("c"), x("x"), y("y"), n("n");
  RDom r(0, w.kw, 0, w.kh, "r");
  Func best("first_max");
  best(c, x, y, n) = Tuple(-1, lowest);
  Expr value = in(c, x * w.sw - w.padLeft + r.x, y * w.sh - w.padTop + r.y, n);
  Expr wins = value > best(c, x, y, n)[1];
  best(c, x, y, n) = Tuple(select(wins, r.y * w.kw + r.x, best(c, x, y, n)[0]),
                           select(wins, value, best(c, x, y, n)[1]));
  return best;
}

} // namespace cnnc
