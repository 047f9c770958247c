// The kernel of a cnn.fused op: conv tiles computed row by row inside the pooled output, so that
// the activation never leaves the cache; in training, with the winners of max pooling.
#include "FusedKernels.h"
#include "KernelBuffers.h"
#include "LayerFuncs.h"

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
/// `task` such rows.
void schedulePooled(Func out, Func activation, const LayerFuncs &conv, const Schedule &s) {
  Var c = out.args()[0], x = out.args()[1], y = out.args()[2], n = out.args()[3];
  Var co("pool_co"), ci("pool_ci"), rows("pool_rows");
  out.split(c, co, ci, (int)s.vector).reorder(ci, x, co, y, n).fuse(y, n, rows);
  Var row = parallelTasks(out, rows, s.task);
  if (s.vector > 1)
    out.vectorize(ci);
  tileConvolution(activation, conv.accumulator, conv.reduction, s);
  activation.compute_at(out, row);
}

} // namespace

mlir::FailureOr<LayerKernel> buildFusedKernel(cnn::FusedOp op, const std::string &symbol,
                                              KernelRole role, bool scheduled) {
  FusedLayers layers = layersOf(op);
  auto schedule = scheduleOf(op, role);
  if (mlir::failed(schedule))
    return mlir::failure();
  bool keepWinners = role == KernelRole::Training && op.getNumResults() > 1;
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
    if (scheduled)
      schedulePooled(out, activation, conv, *schedule);
    if (scheduled && keepWinners) {
      Var c = maxima.args()[0];
      maxima.compute_at(out, out.args()[1]);
      for (Stage stage : {Stage(maxima), maxima.update()})
        stage.vectorize(c, (int)schedule->vector);
    }
  } else if (scheduled) {
    LayerFuncs chain = conv;
    chain.output = activation;
    scheduleLayer(chain, *schedule);
  }
  // A second output shares the first's extents; only its strides need saying.
  std::vector<int64_t> extents = halideExtents(shapeOf(op.getResult(0)));
  constrainDense(out.output_buffers()[0], extents);
  for (int i = 1; i < out.outputs(); ++i)
    out.output_buffers()[i].dim(0).set_stride(1);
  LayerKernel kernel{op, symbol, out, conv.inputs, {}, keepWinners ? "with the winners" : ""};
  kernel.buffers.insert(kernel.buffers.end(), conv.params.begin(), conv.params.end());
  return kernel;
}

} // namespace cnnc
