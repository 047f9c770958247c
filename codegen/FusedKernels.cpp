// The kernel of a cnn.fused op: conv tiles computed row by row inside the pooled output, so that
// the activation never leaves the cache; in training, with the winners of max pooling.
#include "FusedKernels.h"
#include "KernelBuffers.h"
#include "LayerFuncs.h"

#include <algorithm>

using namespace Halide;

namespace cnnc {
namespace {

/// The layers a fused op holds.
struct FusedLayers {
  cnn::Conv2DOp conv;
  mlir::Operation *relu = nullptr, *pool = nullptr;
};

FusedLayers layersOf(cnn::FusedOp op) {
  FusedLayers layers;
  for (mlir::Operation &inner : op.body().front()) {
    if (auto conv = mlir::dyn_cast<cnn::Conv2DOp>(inner))
      layers.conv = conv;
    else if (mlir::isa<cnn::ReluOp>(inner))
      layers.relu = &inner;
    else if (mlir::isa<cnn::MaxPool2DOp, cnn::AvgPool2DOp>(inner))
      layers.pool = &inner;
  }
  return layers;
}

/// The pooled output and the winners of each window: the first maximum's offset, or -1 where
/// the maximum is not positive (the ReLU passed no gradient to any pixel of the window).
Func pooledWithWinners(Func activation, mlir::Operation *pool, Func &maxima) {
  auto inShape = shapeOf(pool->getOperand(0));
  maxima = firstMaxima(activation, inShape, poolWindowOf(pool, inShape));
  Var c("c"), x("x"), y("y"), n("n");
  Expr best = maxima(c, x, y, n)[1];
  Func out("pool_winners");
  out(c, x, y, n) = Tuple(best, cast<float>(select(best > 0.0f, maxima(c, x, y, n)[0], -1)));
  return out;
}

/// Each iteration pools one row of windows of one sample, vectors of channels innermost, after
/// computing the activation rows the windows cover in the conv's register tiles; a task runs
/// as many as the conv's task has rows of tiles (cnn-choose-tiling's parallel_task).
void schedulePooled(Func out, Func activation, const LayerFuncs &conv, ScheduleParams tile,
                    const Window &pool) {
  int task = std::max(1, tile.parallelTask * tile.rowBlock / pool.sh);
  Var c = out.args()[0], x = out.args()[1], y = out.args()[2], n = out.args()[3];
  Var co("pool_co"), ci("pool_ci"), rows("pool_rows");
  out.split(c, co, ci, tile.vectorWidth).reorder(ci, x, co, y, n).fuse(y, n, rows);
  Var row = parallelTasks(out, rows, task);
  if (tile.vectorWidth > 1)
    out.vectorize(ci);
  tile.rowBlock = std::min(tile.rowBlock, pool.kh);
  tileConvolution(activation, conv.accumulator, conv.reduction, tile);
  activation.compute_at(out, row);
}

} // namespace

mlir::FailureOr<LayerKernel> buildFusedKernel(cnn::FusedOp op, const std::string &symbol,
                                              bool keepWinners) {
  FusedLayers layers = layersOf(op);
  auto tile = readSchedule(layers.conv);
  if (mlir::failed(tile))
    return mlir::failure();
  LayerFuncs conv = defineLayer(layers.conv, symbol);
  Func activation = conv.output;
  if (layers.relu) {
    activation = Func("relu");
    activation(conv.output.args()) = max(conv.output(conv.output.args()), 0.0f);
  }
  Func out = activation;
  if (layers.pool) {
    Func maxima;
    out = keepWinners ? pooledWithWinners(activation, layers.pool, maxima)
                      : poolOf(activation, layers.pool);
    schedulePooled(out, activation, conv, *tile,
                   poolWindowOf(layers.pool, shapeOf(layers.pool->getOperand(0))));
    if (keepWinners) {
      Var c = maxima.args()[0];
      maxima.compute_at(out, out.args()[1]);
      for (Stage stage : {Stage(maxima), maxima.update()})
        stage.vectorize(c, tile->vectorWidth);
    }
  } else {
    LayerFuncs chain = conv;
    chain.output = activation;
    scheduleLayer(chain, *tile);
  }
  // A second output shares the first's extents; only its strides need saying.
  std::vector<int64_t> extents = halideExtents(shapeOf(op.getResult(0)));
  constrainDense(out.output_buffers()[0], extents);
  for (int i = 1; i < out.outputs(); ++i)
    out.output_buffers()[i].dim(0).set_stride(1);
  LayerKernel kernel{op, symbol, out, {}, keepWinners ? "with the winners" : ""};
  kernel.arguments.assign(conv.inputs.begin(), conv.inputs.end());
  kernel.arguments.insert(kernel.arguments.end(), conv.params.begin(), conv.params.end());
  return kernel;
}

} // namespace cnnc
