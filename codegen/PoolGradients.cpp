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

} // namespace

void definePoolGradient(mlir::Operation *op, TrainingFuncs &f) {
  // A fused max pooling's gradient reads the winners its forward kernel kept (-1 where the ReLU
  // passes nothing, which no offset matches); an unfused one finds them in the pool's input.
  bool kept = mlir::isa<cnn::MaxPool2DReluGradOp>(op);
  bool isMax = kept || mlir::isa<cnn::MaxPool2DGradOp>(op);
  auto gShape = shapeOf(op->getOperand(0)), inShape = shapeOf(op->getResult(0));
  Window w = poolWindowOf(op, inShape);
  const ImageParam &gradient = f.buffers[0];
  Func winner("winner");
  Var c("c"), x("x"), y("y"), n("n");
  if (kept) {
    winner(c, x, y, n) = cast<int>(f.buffers[1](c, x, y, n));
  } else if (isMax) {
    Func maxima = firstMaxima(f.buffers[1], inShape, w);
    f.staged = {{maxima, (int)inShape[3]}};
    winner(c, x, y, n) = maxima(c, x, y, n)[0];
  }
  Expr total = 0.0f;
  for (const Cover &row : coveringWindows(y, w.kh, w.sh, w.padTop, (int)gShape[1]))
    for (const Cover &column : coveringWindows(x, w.kw, w.sw, w.padLeft, (int)gShape[2])) {
      Expr share = gradient(c, column.window, row.window, n);
      Expr routed = row.covers && column.covers;
      if (isMax)
        routed =
            routed && winner(c, column.window, row.window, n) == row.offset * w.kw + column.offset;
      else
        share = share / cast<float>(pixelsInWindow(w, inShape, column.window, row.window));
      total = total + select(routed, share, 0.0f);
    }
  f.output = Func(isMax ? "maxpool_grad" : "avgpool_grad");
  f.output(c, x, y, n) = total;
}

} // namespace cnnc
