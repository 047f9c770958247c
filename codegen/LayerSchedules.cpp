// Schedules of the layer kernels: vectors along channels, register blocks, parallel rows.
#include "LayerFuncs.h"

#include <algorithm>

using namespace Halide;

namespace cnnc {

Var parallelTasks(Stage stage, Var loop, int64_t task) {
  if (task <= 1) {
    stage.parallel(loop);
    return loop;
  }
  Var tasks(loop.name() + "_tasks"), inner(loop.name() + "_in_task");
  stage.split(loop, tasks, inner, (int)task, TailStrategy::GuardWithIf).parallel(tasks);
  return inner;
}

void parallelizeOuter(Stage stage, const std::vector<Var> &vars, int64_t task) {
  if (vars.size() == 4) {
    Var rows("rows");
    stage.fuse(vars[2], vars[3], rows);
    parallelTasks(stage, rows, task);
  } else if (vars.size() > 1) {
    parallelTasks(stage, vars.back(), task);
  }
}

void vectorizeChannels(Func f, int64_t width) {
  if (width > 1)
    f.vectorize(f.args()[0], (int)width);
}

namespace {

/// The register tile of a blocked sum: the accumulator computed at `at` of `consumer`, its
/// vector of channels and blocked dimensions unrolled around the reduction.
void scheduleTileSum(Func acc, const RDom &reduction, Func consumer, Var at, const Schedule &s,
                     const std::vector<Var> &blocked) {
  Var c = acc.args()[0];
  acc.compute_at(consumer, at);
  std::vector<VarOrRVar> order{c};
  order.insert(order.end(), blocked.begin(), blocked.end());
  for (int i = 0; i < reduction.dimensions(); ++i)
    order.push_back(reduction[i]);
  acc.update().reorder(order);
  for (Stage stage : {Stage(acc), acc.update()}) {
    if (s.vector > 1)
      stage.vectorize(c, (int)s.vector);
    stage.unroll(c);
    for (Var v : blocked)
      stage.unroll(v);
  }
}

} // namespace

/// The conv_layer app's plan: a tile of tile[0] vectors x tile[1] pixels x tile[2] rows
/// accumulates in registers while the reduction (input channels, kernel taps) runs around it.
void tileConvolution(Func out, Func acc, const RDom &reduction, const Schedule &s) {
  std::vector<Var> v = out.args();
  Var c = v[0], x = v[1], y = v[2], n = v[3];
  Var co("co"), ci("ci"), xo("xo"), xi("xi"), yo("yo"), yi("yi");
  out.split(c, co, ci, (int)(s.vector * s.tile[0]))
      .split(x, xo, xi, (int)s.tile[1])
      .split(y, yo, yi, (int)s.tile[2])
      .reorder(ci, xi, yi, xo, co, yo, n);
  if (s.vector > 1)
    out.vectorize(ci, (int)s.vector);
  out.unroll(ci).unroll(xi).unroll(yi);
  scheduleTileSum(acc, reduction, out, xo, s, {x, y});
}

namespace {

/// The conv_layer app's plan: blocks of rows of every sample run in parallel.
void scheduleConvTiles(LayerFuncs &funcs, const Schedule &s) {
  Func out = funcs.output;
  tileConvolution(out, funcs.accumulator, funcs.reduction, s);
  Var rows("rows");
  out.fuse(Var("yo"), out.args()[3], rows);
  parallelTasks(out, rows, s.task);
}

/// A Dense layer as a blocked matrix product: tile[0] vectors of units x tile[1] samples
/// accumulate in registers, so each kernel row loaded serves a block of samples; the blocks of
/// samples run inside each panel of units, whose kernel columns stay in the L2 cache. Batches
/// smaller than a block take one sample at a time, so that a single image computes no more than
/// itself.
void scheduleDenseTiles(LayerFuncs &funcs, const Schedule &s) {
  Func out = funcs.output;
  Var c = out.args()[0], n = out.args()[1];
  Var co("co"), ci("ci"), no("no"), ni("ni"), tiles("tiles");
  Expr batch = out.output_buffer().dim(1).extent();
  Var tile;
  auto schedule = [&](Stage stage, int64_t samples) {
    stage.split(c, co, ci, (int)(s.vector * s.tile[0]))
        .split(n, no, ni, (int)samples)
        .reorder(ci, ni, no, co)
        .fuse(no, co, tiles);
    tile = parallelTasks(stage, tiles, s.task);
    if (s.vector > 1)
      stage.vectorize(ci, (int)s.vector);
    stage.unroll(ci).unroll(ni);
  };
  if (s.tile[1] > 1)
    schedule(out.specialize(batch >= (int)s.tile[1]), s.tile[1]);
  schedule(out, 1);
  scheduleTileSum(funcs.accumulator, funcs.reduction, out, tile, s, {n});
}

/// A sum computed for one sample at a time: the channels vectorized, the reduction around them.
void scheduleSampleSum(LayerFuncs &funcs, Var sample, const Schedule &s) {
  Func acc = funcs.accumulator;
  std::vector<Var> v = acc.args();
  acc.compute_at(funcs.output, sample);
  vectorizeChannels(acc, s.vector);
  std::vector<VarOrRVar> order{v[0]};
  for (int i = 0; i < funcs.reduction.dimensions(); ++i)
    order.push_back(funcs.reduction[i]);
  order.insert(order.end(), v.begin() + 1, v.end());
  acc.update().reorder(order);
  // An update cannot shift its last vector inwards; masking keeps the kernel reads in bounds.
  if (s.vector > 1)
    acc.update().vectorize(v[0], (int)s.vector, TailStrategy::GuardWithIf);
}

} // namespace

void scheduleLayer(LayerFuncs &funcs, const Schedule &s) {
  Func out = funcs.output;
  bool image = out.dimensions() == 4;
  if (funcs.accumulator.defined() && funcs.perSample.empty()) {
    if (image)
      scheduleConvTiles(funcs, s);
    else
      scheduleDenseTiles(funcs, s);
    return;
  }
  vectorizeChannels(out, s.vector);
  if (funcs.perSample.empty() && !funcs.accumulator.defined()) {
    parallelizeOuter(out, out.args(), s.task); // elementwise layers and pooling
    return;
  }
  // Dense layers and layers ending in a softmax: tasks of whole samples.
  Var sample = parallelTasks(out, out.args().back(), s.task);
  for (Func stage : funcs.perSample) {
    if (funcs.accumulator.defined() && stage.name() == funcs.accumulator.name())
      continue;
    stage.compute_at(out, sample);
    if (stage.dimensions() == out.dimensions())
      vectorizeChannels(stage, s.vector);
  }
  if (funcs.accumulator.defined())
    scheduleSampleSum(funcs, sample, s);
}

} // namespace cnnc
