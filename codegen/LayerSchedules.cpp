// Schedules of the layer kernels: vectors along channels, register blocks, parallel rows.
#include "LayerFuncs.h"

using namespace Halide;

namespace cnnc {

void parallelizeOuter(Stage stage, const std::vector<Var> &vars) {
  if (vars.size() == 4) {
    Var rows("rows");
    stage.fuse(vars[2], vars[3], rows).parallel(rows);
  } else if (vars.size() > 1) {
    stage.parallel(vars.back());
  }
}

void vectorizeChannels(Func f, int width) {
  if (width > 1)
    f.vectorize(f.args()[0], width);
}

namespace {

/// The conv_layer app's plan: a block of channelBlock vectors x pixelBlock pixels accumulates in
/// registers while the reduction (input channels, kernel taps) runs around it.
void scheduleBlockedReduction(LayerFuncs &funcs, const ScheduleParams &p) {
  Func out = funcs.output, acc = funcs.accumulator;
  std::vector<Var> v = out.args();
  Var c = v[0], x = v[1];
  Var co("co"), ci("ci"), xo("xo"), xi("xi");
  out.split(c, co, ci, p.vectorWidth * p.channelBlock)
      .split(x, xo, xi, p.pixelBlock)
      .reorder(ci, xi, xo, co);
  if (p.vectorWidth > 1)
    out.vectorize(ci, p.vectorWidth);
  out.unroll(ci).unroll(xi);
  parallelizeOuter(out, out.args());

  acc.compute_at(out, xo);
  if (p.vectorWidth > 1)
    acc.vectorize(c, p.vectorWidth);
  acc.unroll(c).unroll(x);
  RDom r = funcs.reduction;
  std::vector<VarOrRVar> order{c, x};
  for (int i = 0; i < r.dimensions(); ++i)
    order.push_back(r[i]);
  acc.update().reorder(order);
  if (p.vectorWidth > 1)
    acc.update().vectorize(c, p.vectorWidth);
  acc.update().unroll(c).unroll(x);
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
  if (funcs.accumulator.defined() && image && funcs.perSample.empty()) {
    scheduleBlockedReduction(funcs, params);
    return;
  }
  vectorizeChannels(out, params.vectorWidth);
  if (funcs.perSample.empty() && !funcs.accumulator.defined()) {
    parallelizeOuter(out, out.args()); // elementwise layers and pooling
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
