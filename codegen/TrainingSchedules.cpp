// Schedules of the training kernels: vectors along channels, register blocks, parallel tiles.
#include "KernelBuffers.h"
#include "LayerFuncs.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

#include <algorithm>
#include <climits>

using namespace Halide;

namespace cnnc {
namespace {

constexpr int kVectorWidth = 16;    // floats in an AVX-512 vector, as cnn-choose-schedule picks
constexpr int kAccumulators = 24;   // vector registers of a tile's sums; the rest stream operands
constexpr int kUpdateChunk = 16384; // parameters an optimizer task updates

/// The widest power-of-two vector, up to the target's, that fits in `channels`.
int vectorFor(int channels) {
  int width = kVectorWidth;
  while (width > 1 && width > channels)
    width /= 2;
  return width;
}

/// The block of `extent` values, up to `budget`, that computes least: blocks past the end shift
/// inwards and recompute, and each block also loads and stores its sums.
int blockFor(int extent, int budget) {
  int best = 1, bestCost = INT_MAX;
  for (int block = 1; block <= std::min(extent, budget); ++block) {
    int cost = (extent + block - 1) / block * (block + 2);
    if (cost <= bestCost) {
      best = block;
      bestCost = cost;
    }
  }
  return best;
}

/// Vectorizes dimension 0 of a stage; updates mask their last vector when the channels are not
/// a multiple of it, as they cannot recompute values.
void vectorizeStage(Stage stage, Var c, int channels, bool update) {
  int width = vectorFor(channels);
  if (width > 1)
    stage.vectorize(c, width,
                    update && channels % width ? TailStrategy::GuardWithIf : TailStrategy::Auto);
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
  parallelizeOuter(f, loops);
  for (int u = 0; u < f.num_update_definitions(); ++u) {
    std::vector<VarOrRVar> order{vars[0]};
    for (const RVar &r : f.rvars(u))
      order.push_back(r);
    order.insert(order.end(), vars.begin() + 1, vars.end());
    f.update(u).reorder(order);
    vectorizeStage(f.update(u), vars[0], staged.channels, true);
    parallelizeOuter(f.update(u), vars);
  }
}

/// Dimensions of the output blocked in registers besides the channels, most profitable first:
/// the kernel gradient's taps along the width, input channels and rows; the pixels along the
/// width, or the samples, otherwise.
std::vector<int> blockedDims(mlir::Operation *op) {
  if (mlir::isa<cnn::Conv2DGradKernelOp>(op))
    return {2, 1, 3};
  return {1};
}

/// A dimension of an output tile held in registers.
struct Block {
  Var var;
  int size;
  bool batch; // the dynamic batch, whose last tile runs past the end
};

/// The conv_layer app's plan for a sum per output element: a tile of channelBlock vectors of
/// channels times blocks of other dimensions accumulates in registers while the reduction runs
/// around it; the tiles run in parallel, each summing in one fixed order.
void scheduleBlocked(TrainingFuncs &f, mlir::Operation *op) {
  Func out = f.output, acc = f.accumulator;
  std::vector<Var> vars = out.args();
  std::vector<int64_t> extents = halideExtents(shapeOf(op->getResult(0)));
  int channels = (int)extents[0], width = vectorFor(channels);
  int channelBlock = channels % (2 * width) == 0 ? 2 : 1;
  Var co(vars[0].name() + "_outer"), ci(vars[0].name() + "_inner");
  out.split(vars[0], co, ci, width * channelBlock).vectorize(ci, width).unroll(ci);
  std::vector<VarOrRVar> order{ci};
  std::vector<Var> outer;
  std::vector<Block> blocks;
  std::vector<bool> blocked(vars.size(), false);
  int budget = kAccumulators / channelBlock;
  for (int d : blockedDims(op)) {
    bool batch = extents[d] < 0;
    int size = batch ? budget : blockFor((int)extents[d], budget);
    if (size == 1)
      continue;
    budget /= size;
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
  out.parallel(tile);

  acc.compute_at(out, tile).vectorize(vars[0], width).unroll(vars[0]);
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

void scheduleTraining(TrainingFuncs &funcs, mlir::Operation *op) {
  for (const Staged &staged : funcs.staged)
    stage(staged);
  // Updates have no result; the others have as many channels as their result.
  auto channels = [&] { return (int)shapeOf(op->getResult(0)).back(); };
  switch (funcs.plan) {
  case TrainingPlan::Pointwise:
    vectorizeChannels(funcs.output, vectorFor(channels()));
    parallelizeOuter(funcs.output, funcs.output.args());
    break;
  case TrainingPlan::SampleSum:
    scheduleSampleSum(funcs, channels());
    break;
  case TrainingPlan::BlockedReduction:
    scheduleBlocked(funcs, op);
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
