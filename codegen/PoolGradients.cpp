// The Halide algorithms of the pooling gradients: each input pixel gathers from its windows.
#include "KernelBuffers.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

#include <limits>

using namespace Halide;

namespace cnnc {
namespace {

/// A window that may cover a pixel along one axis: its index (clamped, so that reading through
/// it stays in bounds), whether it covers the pixel, and the pixel's offset in it.
struct Cover {
  Expr window, covers, offset;
};

/// The windows of `size` pixels every `stride` (the first starting `pad` pixels before the image;
/// `windows` of them) that may cover pixel `at`, in increasing order.
std::vector<Cover> coveringWindows(Expr at, int size, int stride, int pad, int windows) {
  std::vector<Cover> covers;
  Expr last = (at + pad) / stride;
  for (int before = (size - 1) / stride; before >= 0; --before) {
    Expr window = last - before, offset = at + pad - window * stride;
    covers.push_back(
        {clamp(window, 0, windows - 1), window >= 0 && window < windows && offset < size, offset});
  }
  return covers;
}

/// The offset (ky * kw + kx) of each window's first maximum in row-major order, as TensorFlow
/// routes max pooling's gradient; padded cells never win.
Func firstMaxima(const ImageParam &input, llvm::ArrayRef<int64_t> inShape, const Window &w) {
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

} // namespace

void definePoolGradient(mlir::Operation *op, TrainingFuncs &f) {
  bool isMax = mlir::isa<cnn::MaxPool2DGradOp>(op);
  auto gShape = shapeOf(op->getOperand(0)), inShape = shapeOf(op->getResult(0));
  Window w = windowOf(inShape, op->getAttrOfType<mlir::ArrayAttr>("pool_size"),
                      op->getAttrOfType<mlir::ArrayAttr>("strides"),
                      op->getAttrOfType<mlir::StringAttr>("padding").getValue() == "same");
  const ImageParam &gradient = f.buffers[0];
  Func winners;
  if (isMax) {
    winners = firstMaxima(f.buffers[1], inShape, w);
    f.staged = {{winners, (int)inShape[3]}};
  }
  Var c("c"), x("x"), y("y"), n("n");
  Expr total = 0.0f;
  for (const Cover &row : coveringWindows(y, w.kh, w.sh, w.padTop, (int)gShape[1]))
    for (const Cover &column : coveringWindows(x, w.kw, w.sw, w.padLeft, (int)gShape[2])) {
      Expr share = gradient(c, column.window, row.window, n);
      Expr routed = row.covers && column.covers;
      if (isMax)
        routed = routed &&
                 winners(c, column.window, row.window, n)[0] == row.offset * w.kw + column.offset;
      else
        share = share / cast<float>(pixelsInWindow(w, inShape, column.window, row.window));
      total = total + select(routed, share, 0.0f);
    }
  f.output = Func(isMax ? "maxpool_grad" : "avgpool_grad");
  f.output(c, x, y, n) = total;
}

} // namespace cnnc
