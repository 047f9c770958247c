// Schedules of the training kernels: vectors along channels, register blocks, parallel tiles.
#include "KernelBuffers.h"
#include "LayerFuncs.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

using namespace Halide;

namespace cnnc {
namespace {

/// Vectorizes dimension 0 of a stage by `width`; updates mask their last vector when the
/// channels are not a multiple of it, as they cannot recompute values.
void vectorizeStage(Stage stage, Var c, int64_t width, int64_t channels, bool update) {
  if (width > 1)
    stage.vectorize(c, (int)width,
                    update && channels % width ? TailStrategy::GuardWithIf : TailStrategy::Auto);
}

/// A staged image goes by tasks of `task` along its last dimension (samples); a staged matrix by
/// tasks of `task` rows.
void parallelizeStaged(Stage stage, const std::vector<Var> &loops, int64_t task) {
  if (loops.size() > 1)
    parallelTasks(stage, loops.back(), task);
}

/// A staged Func in full before the output, its channels in vectors of `vector` and its rows in
/// parallel tasks of `task`; its updates run their reduction inside each vector of channels. A
/// transposition goes by square tiles of `vector`, so that it reads whole cache lines of its
/// source too.
void stage(const Staged &staged, int64_t vector, int64_t task) {
  Func f = staged.func;
  std::vector<Var> vars = f.args();
  f.compute_root();
  std::vector<Var> loops = vars;
  if (staged.transposed) {
    Var co("c_outer"), ci("c_inner"), ki("k_inner");
    loops[1] = Var("k_outer");
    f.tile(vars[0], vars[1], co, loops[1], ci, ki, (int)vector, (int)vector,
           TailStrategy::GuardWithIf)
        .vectorize(ci)
        .unroll(ki);
  } else {
    vectorizeStage(f, vars[0], vector, staged.channels, false);
  }
  parallelizeStaged(f, loops, task);
  for (int u = 0; u < f.num_update_definitions(); ++u) {
    std::vector<VarOrRVar> order{vars[0]};
    for (const RVar &r : f.rvars(u))
      order.push_back(r);
    order.insert(order.end(), vars.begin() + 1, vars.end());
    f.update(u).reorder(order);
    vectorizeStage(f.update(u), vars[0], vector, staged.channels, true);
    parallelizeStaged(f.update(u), vars, task);
  }
}

/// A dimension of an output tile held in registers.
struct Block {
  Var var;
  int size;
  bool batch; // the dynamic batch, whose last tile runs past the end
};

/// The conv_layer app's plan for a sum per output element: a tile of tile[0] vectors of
/// channels times tile[1] x tile[2] x tile[3] of dimensions 1 to 3 accumulates in registers
/// while the reduction runs around it; the tiles run in parallel tasks of `task`, each summing
/// in one fixed order. Copies staged per task take their vectors from the schedule too.
void scheduleBlocked(TrainingFuncs &f, mlir::Operation *op, const Schedule &s) {
  Func out = f.output, acc = f.accumulator;
  std::vector<Var> vars = out.args();
  std::vector<int64_t> extents = halideExtents(shapeOf(op->getResult(0)));
  int width = (int)s.vector;
  Var co(vars[0].name() + "_outer"), ci(vars[0].name() + "_inner");
  out.split(vars[0], co, ci, width * (int)s.tile[0]).vectorize(ci, width).unroll(ci);
  std::vector<VarOrRVar> order{ci};
  std::vector<Var> outer;
  std::vector<Block> blocks;
  std::vector<bool> blocked(vars.size(), false);
  for (size_t d = 1; d < s.tile.size() && d < vars.size(); ++d) {
    int size = (int)s.tile[d];
    if (size == 1)
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
  Var inTask = parallelTasks(out, tile, s.task);
  for (size_t i = 0; i < f.staged.size(); ++i)
    if (f.staged[i].perTask) {
      Func part = f.staged[i].func;
      part.compute_at(out, inTask);
      vectorizeStage(part, part.args()[0], s.stageVectors[i], f.staged[i].channels, false);
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

/// A sum over everything but the channels: tasks of `task` vectors of channels, each summed
/// serially.
void scheduleChannelSum(TrainingFuncs &f, int64_t channels, const Schedule &s) {
  Func out = f.output, acc = f.accumulator;
  Var c = out.args()[0], co("co"), ci("ci");
  out.split(c, co, ci, (int)s.vector).vectorize(ci);
  Var vectorInTask = parallelTasks(out, co, s.task);
  acc.compute_at(out, vectorInTask);
  std::vector<VarOrRVar> order{c};
  for (const RVar &r : acc.rvars())
    order.push_back(r);
  acc.update().reorder(order);
  vectorizeStage(acc, c, s.vector, channels, false);
  vectorizeStage(acc.update(), c, s.vector, channels, true);
}

/// A sum over the channels per sample, computed in the sample's task.
void scheduleSampleSum(TrainingFuncs &f, const Schedule &s) {
  vectorizeChannels(f.output, s.vector);
  Var sample = parallelTasks(f.output, f.output.args().back(), s.task);
  f.accumulator.compute_at(f.output, sample);
}

/// Tasks of `task` elements of the flattened parameter, vectors within; the last ones masked.
void scheduleFlat(TrainingFuncs &f, const Schedule &s) {
  Var i = f.output.args()[0], chunk("chunk"), element("element");
  f.output.split(i, chunk, element, (int)s.task, TailStrategy::GuardWithIf)
      .parallel(chunk)
      .vectorize(element, (int)s.vector, TailStrategy::GuardWithIf);
}

} // namespace

mlir::LogicalResult scheduleTraining(TrainingFuncs &funcs, mlir::Operation *op,
                                     const Schedule &schedule) {
  if (funcs.staged.size() != schedule.stageVectors.size())
    return op->emitError() << "the kernel stages " << funcs.staged.size()
                           << " copies, its schedule schedules " << schedule.stageVectors.size();
  for (size_t i = 0; i < funcs.staged.size(); ++i)
    if (!funcs.staged[i].perTask)
      stage(funcs.staged[i], schedule.stageVectors[i], schedule.stageTasks[i]);
  switch (funcs.plan) {
  case TrainingPlan::Pointwise:
    vectorizeChannels(funcs.output, schedule.vector);
    parallelizeOuter(funcs.output, funcs.output.args(), schedule.task);
    break;
  case TrainingPlan::SampleSum:
    scheduleSampleSum(funcs, schedule);
    break;
  case TrainingPlan::BlockedReduction:
    scheduleBlocked(funcs, op, schedule);
    break;
  case TrainingPlan::ChannelSum:
    scheduleChannelSum(funcs, shapeOf(op->getResult(0)).back(), schedule);
    break;
  case TrainingPlan::Flat:
    scheduleFlat(funcs, schedule);
    break;
  }
  return mlir::success();
}

} // namespace cnnc
