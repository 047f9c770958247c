// Schedules of the training kernels: vectors along channels, register blocks, parallel tiles.
#include "KernelBuffers.h"
#include "LayerFuncs.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

#include <algorithm>

using namespace Halide;

namespace cnnc {
namespace {

constexpr int kVectorWidth = 16;    // floats per vector of the stages around the blocked sums
constexpr int kUpdateChunk = 16384; // parameters an optimizer task updates

/// The widest power-of-two vector, up to the target's, that fits in `channels`.
int vectorFor(int channels) {
  int width = kVectorWidth;
  while (width > 1 && width > channels)
    width /= 2;
  return width;
}

/// Vectorizes dimension 0 of a stage; updates mask their last vector when the channels are not
/// a multiple of it, as they cannot recompute values.
void vectorizeStage(Stage stage, Var c, int channels, bool update) {
  int width = vectorFor(channels);
  if (width > 1)
    stage.vectorize(c, width,
                    update && channels % width ? TailStrategy::GuardWithIf : TailStrategy::Auto);
}

/// A staged image moves little data a row: one sample a task; a staged (transposed) matrix goes
/// by tasks of about 32 K values.
void parallelizeStaged(Stage stage, const std::vector<Var> &loops, const Staged &staged) {
  if (loops.size() == 4)
    stage.parallel(loops[3]);
  else if (loops.size() > 1)
    parallelTasks(stage, loops.back(),
                  rowsPerTask(staged.channels * (staged.transposed ? kVectorWidth : 1)));
}

/// A staged Func in full before the output, its channels vectorized and its rows in parallel;
/// its updates run their reduction inside each vector of channels. A transposition goes by
/// square tiles, so that it reads whole cache lines of its source too.
void stage(const Staged &staged) {
  Func f = staged.func;
  std::vector<Var> vars = f.args();
  f.compute_root();
  std::vector<Var> loops = vars;
  if (staged.transposed) {
    int width = vectorFor(staged.channels);
    Var co("c_outer"), ci("c_inner"), ki("k_inner");
    loops[1] = Var("k_outer");
    f.tile(vars[0], vars[1], co, loops[1], ci, ki, width, width, TailStrategy::GuardWithIf)
        .vectorize(ci)
        .unroll(ki);
  } else {
    vectorizeStage(f, vars[0], staged.channels, false);
  }
  parallelizeStaged(f, loops, staged);
  for (int u = 0; u < f.num_update_definitions(); ++u) {
    std::vector<VarOrRVar> order{vars[0]};
    for (const RVar &r : f.rvars(u))
      order.push_back(r);
    order.insert(order.end(), vars.begin() + 1, vars.end());
    f.update(u).reorder(order);
    vectorizeStage(f.update(u), vars[0], staged.channels, true);
    parallelizeStaged(f.update(u), vars, staged);
  }
}

/// A dimension of an output tile held in registers.
struct Block {
  Var var;
  int size;
  bool batch; // the dynamic batch, whose last tile runs past the end
};

/// The conv_layer app's plan for a sum per output element: a tile of channel_block vectors of
/// channels times pixel_block x row_block x depth_block of dimensions 1 to 3 (cnn-choose-tiling's
/// choice)
/// accumulates in registers while the reduction runs around it; the tiles run in parallel, each
/// summing in one fixed order.
void scheduleBlocked(TrainingFuncs &f, mlir::Operation *op, const ScheduleParams &p) {
  Func out = f.output, acc = f.accumulator;
  std::vector<Var> vars = out.args();
  std::vector<int64_t> extents = halideExtents(shapeOf(op->getResult(0)));
  int width = p.vectorWidth;
  Var co(vars[0].name() + "_outer"), ci(vars[0].name() + "_inner");
  out.split(vars[0], co, ci, width * p.channelBlock).vectorize(ci, width).unroll(ci);
  std::vector<VarOrRVar> order{ci};
  std::vector<Var> outer;
  std::vector<Block> blocks;
  std::vector<bool> blocked(vars.size(), false);
  const std::pair<size_t, int> sizes[] = {{1, p.pixelBlock}, {2, p.rowBlock}, {3, p.depthBlock}};
  for (auto [d, size] : sizes) {
    if (d >= vars.size() || size == 1)
      continue;
    bool batch = extents[d] < 0;
    Var o(vars[d].name() + "_outer"), i(vars[d].name() + "_inner");
    out.split(vars[d], o, i, size, batch ? TailStrategy::GuardWithIf : TailStrategy::ShiftInwards)
        .unroll(i);
    order.push_back(i);
    outer.push_back(o);
    blocks.push_back({vars[d], size, batch});
    blocked[d] = true;
  }
  outer.push_back(co);
  for (size_t d = 1; d < vars.size(); ++d)
    if (!blocked[d])
      outer.push_back(vars[d]);
  order.insert(order.end(), outer.begin(), outer.end());
  out.reorder(order);
  Var tile = outer[0];
  for (size_t k = 1; k < outer.size(); ++k) {
    Var fused("tile" + std::to_string(k));
    out.fuse(tile, outer[k], fused);
    tile = fused;
  }
  Var inTask = parallelTasks(out, tile, p.parallelTask);
  for (const Staged &staged : f.staged)
    if (staged.perTask) {
      Func part = staged.func;
      part.compute_at(out, inTask);
      vectorizeStage(part, part.args()[0], staged.channels, false);
    }

  acc.compute_at(out, inTask).vectorize(vars[0], width).unroll(vars[0]);
  std::vector<VarOrRVar> accOrder{vars[0]};
  for (const Block &block : blocks) {
    acc.unroll(block.var);
    accOrder.push_back(block.var);
    // The whole tile, also past the batch's end, so that the unrolled sums need no guards; the
    // algorithm reads the last sample again there.
    if (block.batch)
      acc.bound_extent(block.var, block.size);
  }
  for (const RVar &r : acc.rvars())
    accOrder.push_back(r);
  Stage sum = acc.update();
  sum.reorder(accOrder).vectorize(vars[0], width).unroll(vars[0]);
  for (const Block &block : blocks)
    sum.unroll(block.var);
}

/// A sum over everything but the channels: one vector of channels per task, summed serially.
void scheduleChannelSum(TrainingFuncs &f, int channels) {
  Func out = f.output, acc = f.accumulator;
  Var c = out.args()[0], co("co"), ci("ci");
  int width = vectorFor(channels);
  out.split(c, co, ci, width).vectorize(ci).parallel(co);
  acc.compute_at(out, co);
  std::vector<VarOrRVar> order{c};
  for (const RVar &r : acc.rvars())
    order.push_back(r);
  acc.update().reorder(order);
  vectorizeStage(acc, c, channels, false);
  vectorizeStage(acc.update(), c, channels, true);
}

/// A sum over the channels per sample, computed in the sample's task.
void scheduleSampleSum(TrainingFuncs &f, int channels) {
  Var sample = f.output.args().back();
  vectorizeChannels(f.output, vectorFor(channels));
  f.output.parallel(sample);
  f.accumulator.compute_at(f.output, sample);
}

/// Chunks of the flattened parameter in parallel, vectors within; the last ones masked.
void scheduleFlat(TrainingFuncs &f) {
  Var i = f.output.args()[0], chunk("chunk"), element("element");
  f.output.split(i, chunk, element, kUpdateChunk, TailStrategy::GuardWithIf)
      .parallel(chunk)
      .vectorize(element, kVectorWidth, TailStrategy::GuardWithIf);
}

} // namespace

void scheduleTraining(TrainingFuncs &funcs, mlir::Operation *op, const ScheduleParams &schedule) {
  for (const Staged &staged : funcs.staged)
    if (!staged.perTask)
      stage(staged);
  // Updates have no result; the others have as many channels as their result.
  auto channels = [&] { return (int)shapeOf(op->getResult(0)).back(); };
  switch (funcs.plan) {
  case TrainingPlan::Pointwise:
    vectorizeChannels(funcs.output, vectorFor(channels()));
    parallelizeOuter(funcs.output, funcs.output.args(), schedule.parallelTask);
    break;
  case TrainingPlan::SampleSum:
    scheduleSampleSum(funcs, channels());
    break;
  case TrainingPlan::BlockedReduction:
    scheduleBlocked(funcs, op, schedule);
    break;
  case TrainingPlan::ChannelSum:
    scheduleChannelSum(funcs, channels());
    break;
  case TrainingPlan::Flat:
    scheduleFlat(funcs);
    break;
  }
}

} // namespace cnnc
