// Schedules of the layer kernels: vectors along channels, register blocks, parallel rows.
#include "LayerFuncs.h"

#include <algorithm>

using namespace Halide;

namespace cnnc {

Var parallelTasks(Stage stage, Var loop, int task) {
  if (task <= 1) {
    stage.parallel(loop);
    return loop;
  }
  Var tasks(loop.name() + "_tasks"), inner(loop.name() + "_in_task");
  stage.split(loop, tasks, inner, task, TailStrategy::GuardWithIf).parallel(tasks);
  return inner;
}

void parallelizeOuter(Stage stage, const std::vector<Var> &vars, int task) {
  if (vars.size() == 4) {
    Var rows("rows");
    stage.fuse(vars[2], vars[3], rows);
    parallelTasks(stage, rows, task);
  } else if (vars.size() > 1) {
    parallelTasks(stage, vars.back(), task);
  }
}

int rowsPerTask(int64_t elementsPerRow) {
  return (int)std::max<int64_t>(1, 32768 / std::max<int64_t>(1, elementsPerRow));
}

void vectorizeChannels(Func f, int width) {
  if (width > 1)
    f.vectorize(f.args()[0], width);
}

namespace {

/// The register tile of a blocked sum: the accumulator computed at `at` of `consumer`, its
/// vector of channels and blocked dimensions unrolled around the reduction.
void scheduleTileSum(Func acc, const RDom &reduction, Func consumer, Var at,
                     const ScheduleParams &p, const std::vector<Var> &blocked) {
  Var c = acc.args()[0];
  acc.compute_at(consumer, at);
  std::vector<VarOrRVar> order{c};
  order.insert(order.end(), blocked.begin(), blocked.end());
  for (int i = 0; i < reduction.dimensions(); ++i)
    order.push_back(reduction[i]);
  acc.update().reorder(order);
  for (Stage stage : {Stage(acc), acc.update()}) {
    if (p.vectorWidth > 1)
      stage.vectorize(c, p.vectorWidth);
    stage.unroll(c);
    for (Var v : blocked)
      stage.unroll(v);
  }
}

} // namespace

/// The conv_layer app's plan: a tile of channel_block vectors x pixel_block pixels x row_block
/// rows accumulates in registers while the reduction (input channels, kernel taps) runs around it.
void tileConvolution(Func out, Func acc, const RDom &reduction, const ScheduleParams &p) {
  std::vector<Var> v = out.args();
  Var c = v[0], x = v[1], y = v[2], n = v[3];
  Var co("co"), ci("ci"), xo("xo"), xi("xi"), yo("yo"), yi("yi");
  out.split(c, co, ci, p.vectorWidth * p.channelBlock)
      .split(x, xo, xi, p.pixelBlock)
      .split(y, yo, yi, p.rowBlock)
      .reorder(ci, xi, yi, xo, co, yo, n);
  if (p.vectorWidth > 1)
    out.vectorize(ci, p.vectorWidth);
  out.unroll(ci).unroll(xi).unroll(yi);
  scheduleTileSum(acc, reduction, out, xo, p, {x, y});
}

namespace {

/// The conv_layer app's plan: blocks of rows of every sample run in parallel.
void scheduleConvTiles(LayerFuncs &funcs, const ScheduleParams &p) {
  Func out = funcs.output;
  tileConvolution(out, funcs.accumulator, funcs.reduction, p);
  Var rows("rows");
  out.fuse(Var("yo"), out.args()[3], rows);
  parallelTasks(out, rows, p.parallelTask);
}

/// A Dense layer as a blocked matrix product: channelBlock vectors of units x pixelBlock samples
/// accumulate in registers, so each kernel row loaded serves a block of samples; the blocks of
/// samples run inside each panel of units, whose kernel columns stay in the L2 cache. Batches
/// smaller than a block take one sample at a time, so that a single image computes no more than
/// itself.
void scheduleDenseTiles(LayerFuncs &funcs, const ScheduleParams &p) {
  Func out = funcs.output;
  Var c = out.args()[0], n = out.args()[1];
  Var co("co"), ci("ci"), no("no"), ni("ni"), tiles("tiles");
  Expr batch = out.output_buffer().dim(1).extent();
  Var tile;
  auto schedule = [&](Stage stage, int samples) {
    stage.split(c, co, ci, p.vectorWidth * p.channelBlock)
        .split(n, no, ni, samples)
        .reorder(ci, ni, no, co)
        .fuse(no, co, tiles);
    tile = parallelTasks(stage, tiles, p.parallelTask);
    if (p.vectorWidth > 1)
      stage.vectorize(ci, p.vectorWidth);
    stage.unroll(ci).unroll(ni);
  };
  if (p.pixelBlock > 1)
    schedule(out.specialize(batch >= p.pixelBlock), p.pixelBlock);
  schedule(out, 1);
  scheduleTileSum(funcs.accumulator, funcs.reduction, out, tile, p, {n});
}

/// A sum computed for one sample at a time: the channels vectorized, the reduction around them.
void scheduleSampleSum(LayerFuncs &funcs, const ScheduleParams &p) {
  Func acc = funcs.accumulator;
  std::vector<Var> v = acc.args();
  acc.compute_at(funcs.output, funcs.output.args().back());
  vectorizeChannels(acc, p.vectorWidth);
  std::vector<VarOrRVar> order{v[0]};
  for (int i = 0; i < funcs.reduction.dimensions(); ++i)
    order.push_back(funcs.reduction[i]);
  order.insert(order.end(), v.begin() + 1, v.end());
  acc.update().reorder(order);
  // An update cannot shift its last vector inwards; masking keeps the kernel reads in bounds.
  if (p.vectorWidth > 1)
    acc.update().vectorize(v[0], p.vectorWidth, TailStrategy::GuardWithIf);
}

} // namespace

void scheduleLayer(LayerFuncs &funcs, const ScheduleParams &params) {
  Func out = funcs.output;
  bool image = out.dimensions() == 4;
  if (funcs.accumulator.defined() && funcs.perSample.empty()) {
    if (image)
      scheduleConvTiles(funcs, params);
    else
      scheduleDenseTiles(funcs, params);
    return;
  }
  vectorizeChannels(out, params.vectorWidth);
  if (funcs.perSample.empty() && !funcs.accumulator.defined()) {
    parallelizeOuter(out, out.args(), params.parallelTask); // elementwise layers and pooling
    return;
  }
  // Dense layers, and layers ending in a softmax: one sample per task.
  Var sample = out.args().back();
  out.parallel(sample);
  for (Func stage : funcs.perSample) {
    if (funcs.accumulator.defined() && stage.name() == funcs.accumulator.name())
      continue;
    stage.compute_at(out, sample);
    if (stage.dimensions() == out.dimensions())
      vectorizeChannels(stage, params.vectorWidth);
  }
  if (funcs.accumulator.defined())
    scheduleSampleSum(funcs, params);
}

} // namespace cnnc
