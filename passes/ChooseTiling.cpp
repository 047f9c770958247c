// cnn-choose-tiling: register blocks of each kernel from a cost model of the target, as IR data.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/DebugOutput.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/Debug.h"

#include <algorithm>
#include <cmath>

#define DEBUG_TYPE "cnn-choose-tiling"

using namespace mlir;

namespace cnnc {
namespace {

/// -debug-only=cnn-choose-tiling is on (LLVM_DEBUG compiles out in a release build).
bool debugging() { return debugOutputEnabled(DEBUG_TYPE); }

/// The widest power-of-two vector, up to the target's, that fits in `channels`.
int64_t vectorFor(int64_t channels, int64_t widest) {
  int64_t width = widest;
  while (width > 1 && width > channels)
    width /= 2;
  return width;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

using cnn::SumShape;

/// A register tile: vectors of channels x block1 x block2 x block3 accumulators.
struct Tile {
  int64_t vector = 1, channelBlock = 1, block1 = 1, block2 = 1, block3 = 1;
};

/// Cycles to compute every output of `shape` by tiles of `tile`: per tile, each reduction step
/// issues one FMA per accumulator on two FMA pipes, waiting at least the FMA latency (4 cycles),
/// and loads the channel vectors and one broadcast per other accumulator on two load pipes,
/// at half speed when the kernel panel a tile streams outgrows L1 and at a quarter when the
/// whole kernel outgrows L2; then it initializes and stores its accumulators. Tiles past an
/// edge shift inwards and recompute; tiles spread over the threads in whole rounds.
double tileCycles(const SumShape &shape, const Tile &tile, const TargetModel &target) {
  int64_t taps = tile.block2 * tile.block3;
  int64_t accumulators = tile.channelBlock * tile.block1 * taps;
  double steps = (double)shape.reduction;
  double panelBytes = steps * tile.vector * tile.channelBlock * 4;
  double kernelBytes = steps * shape.channels * 4;
  double kernelLoadCost = kernelBytes > target.l2Bytes ? 4 : panelBytes > target.l1Bytes ? 2 : 1;
  double fma = std::max(accumulators * steps / 2, steps * 4);
  double loads = (tile.channelBlock * kernelLoadCost + tile.block1 * taps) * steps / 2;
  double perTile = std::max(fma, loads) + 2.0 * accumulators + 16;
  int64_t tiles = ceilDiv(shape.channels, tile.vector * tile.channelBlock) *
                  ceilDiv(shape.extent1, tile.block1) * ceilDiv(shape.extent2, tile.block2) *
                  ceilDiv(shape.extent3, tile.block3);
  int64_t rounds = ceilDiv(tiles, std::max(1, target.threads));
  return rounds * perTile;
}

/// The cheapest tile that fits the target's registers (four stay free for the kernel's vectors
/// and the broadcast operand); among equals, the one SumShape prefers.
Tile chooseTile(const SumShape &shape, const TargetModel &target) {
  Tile best;
  best.vector = vectorFor(shape.channels, target.vectorWidth);
  double bestCycles = tileCycles(shape, best, target);
  int64_t budget = std::max(1, target.registers - 4);
  int64_t mostRows = std::min<int64_t>(shape.extent2, shape.poolRows > 0 ? shape.poolRows : 4);
  for (int64_t cb = 1; cb <= 4 && best.vector * cb <= shape.channels; ++cb)
    for (int64_t b3 = 1; b3 <= std::min<int64_t>(shape.extent3, 4); ++b3)
      for (int64_t b2 = 1; b2 <= mostRows; ++b2)
        for (int64_t b1 = 1; b1 <= shape.extent1 && cb * b1 * b2 * b3 <= budget; ++b1) {
          Tile tile{best.vector, cb, b1, b2, b3};
          if (shape.kernelTaps && b2 != mostRows)
            continue;
          double cycles = tileCycles(shape, tile, target);
          if (debugging())
            llvm::dbgs() << "  candidate vector=" << tile.vector << " tile=[" << cb << ", " << b1
                         << ", " << b2 << ", " << b3 << "]: " << (int64_t)cycles << " cycles\n";
          bool preferred =
              shape.kernelTaps ? tile.channelBlock > best.channelBlock : tile.block1 > best.block1;
          if (cycles < bestCycles * 0.999 || (cycles <= bestCycles * 1.001 && preferred)) {
            best = tile;
            bestCycles = cycles;
          }
        }
  if (debugging())
    llvm::dbgs() << "  chosen vector=" << best.vector << " tile=[" << best.channelBlock << ", "
                 << best.block1 << ", " << best.block2 << ", " << best.block3
                 << "]: " << (int64_t)bestCycles << " cycles\n";
  return best;
}

Optional<SumShape> sumShapeOf(Operation *op, int64_t batch);

/// A fused op's sum is its convolution's, whose tiles fit in a pooling window's rows.
Optional<SumShape> fusedSumShape(cnn::FusedOp fused, int64_t batch) {
  Optional<SumShape> sum;
  for (Operation &inner : fused.body().front()) {
    if (isa<cnn::Conv2DOp>(inner))
      sum = sumShapeOf(&inner, batch);
    else if (isa<cnn::MaxPool2DOp, cnn::AvgPool2DOp>(inner) && sum)
      sum->poolRows = inner.getAttrOfType<ArrayAttr>("pool_size")[0].cast<IntegerAttr>().getInt();
  }
  return sum;
}

/// The blocked sum an op's kernel computes (its WorkInterface; a fused op's is its
/// convolution's), or none.
Optional<SumShape> sumShapeOf(Operation *op, int64_t batch) {
  if (auto fused = dyn_cast<cnn::FusedOp>(op))
    return fusedSumShape(fused, batch);
  auto work = dyn_cast<cnn::WorkInterface>(op);
  return work ? work.getSumShape(batch) : llvm::None;
}

/// A parallel task should run for a few microseconds at least, or the thread pool's overhead
/// dominates: about a million floating-point operations, or 100 KB of memory traffic (taken as
/// 10 operations a byte, the machine's ratio of peak to bandwidth). An optimizer update goes by
/// chunks of 16 K parameters.
constexpr double kTaskWork = 1e6, kWorkPerByte = 10;
constexpr int64_t kUpdateChunk = 16384;

/// The iterations of an op's parallel loop at `batch`, and the work of each: convolutions run
/// rows of tiles of every sample, a fused op with pooling rows of pooling windows, other
/// blocked sums their tiles (and samples), image ops their rows; other ops run one sample per
/// iteration, little work.
std::pair<int64_t, double> parallelLoopOf(Operation *op, const Optional<SumShape> &sum,
                                          const Tile &tile, int64_t batch) {
  auto shape = op->getResult(0).getType().cast<ShapedType>().getShape();
  if (sum) {
    double tileWork = 2.0 * tile.vector * tile.channelBlock * tile.block1 * tile.block2 *
                      tile.block3 * (double)sum->reduction;
    int64_t channelTiles = ceilDiv(sum->channels, tile.vector * tile.channelBlock);
    int64_t tiles1 = ceilDiv(sum->extent1, tile.block1),
            tiles2 = ceilDiv(sum->extent2, tile.block2) * ceilDiv(sum->extent3, tile.block3);
    if (auto fused = dyn_cast<cnn::FusedOp>(op); fused && sum->poolRows > 0)
      return {shape[1] * batch,
              tileWork * channelTiles * tiles1 * (double)sum->poolRows / (double)tile.block2};
    if (isa<cnn::Conv2DOp, cnn::FusedOp>(op))
      return {tiles2 * batch, tileWork * channelTiles * tiles1};
    int64_t samples = isa<cnn::Conv2DGradInputOp>(op) ? batch : 1;
    return {channelTiles * tiles1 * tiles2 * samples, tileWork};
  }
  if (shape.size() != 4)
    return {batch, 0.0};
  double bytesPerRow =
      4.0 * (double)(shape[2] * shape[3]) * (double)(op->getNumOperands() + op->getNumResults());
  return {shape[1] * batch, bytesPerRow * kWorkPerByte};
}

/// Iterations per parallel task: enough work each, yet four tasks a thread at the tuned batch.
int64_t taskSize(std::pair<int64_t, double> loop, const TargetModel &target) {
  auto [iterations, work] = loop;
  int64_t most = std::max<int64_t>(1, iterations / (4 * std::max(1, target.threads)));
  int64_t enough = work > 0 ? (int64_t)std::ceil(kTaskWork / work) : most;
  return std::clamp<int64_t>(enough, 1, most);
}

/// A staged copy's schedule: vectors along its channels, and tasks of a sample (an image) or
/// of about 32 K values (a matrix, whose transposed rows go by vectors); one inside a task.
void chooseStages(const ScheduleSpace &space, const TargetModel &target, Schedule &schedule) {
  for (const StagedCopy &copy : space.stages) {
    int64_t vector = vectorFor(copy.channels, target.vectorWidth), task = 1;
    if (copy.matrix && !copy.perTask)
      task = std::max<int64_t>(1, 32768 / (copy.channels * (copy.transposed ? vector : 1)));
    schedule.stageVectors.push_back(vector);
    schedule.stageTasks.push_back(task);
  }
}

/// The cost model's schedule of an op's kernel at `batch`.
Schedule chooseSchedule(Operation *op, const ScheduleSpace &space, const TargetModel &target,
                        int64_t batch) {
  Schedule schedule;
  Optional<SumShape> sum = sumShapeOf(op, batch);
  Tile tile;
  if (sum) {
    tile = chooseTile(*sum, target);
    schedule.tile = {tile.channelBlock, tile.block1, tile.block2, tile.block3};
    schedule.tile.resize(space.tileExtents.size());
  } else {
    tile.vector =
        space.channels < 0 ? target.vectorWidth : vectorFor(space.channels, target.vectorWidth);
  }
  schedule.vector = tile.vector;
  if (cnn::isOptimizerUpdate(op))
    schedule.task = kUpdateChunk;
  else if (isa<cnn::BiasGradOp>(op))
    schedule.task = 1;
  else
    schedule.task = taskSize(parallelLoopOf(op, sum, tile, batch), target);
  chooseStages(space, target, schedule);
  return schedule;
}

class ChooseTilingPass : public PassWrapper<ChooseTilingPass, OperationPass<ModuleOp>> {
public:
  ChooseTilingPass(const TargetModel &target, TargetResolver resolve)
      : base(target), resolve(std::move(resolve)) {}
  ChooseTilingPass(const ChooseTilingPass &other)
      : PassWrapper(other), base(other.base), resolve(other.resolve) {}

  StringRef getArgument() const override { return "cnn-choose-tiling"; }
  StringRef getName() const override { return "ChooseTiling"; }
  StringRef getDescription() const override {
    return "Give every kernel a #cnn.schedule from a cost model of the target: vector width, "
           "register tile, parallel tasks";
  }

  void runOnOperation() override {
    FailureOr<TargetModel> target = targetOf(getOperation().getLoc());
    if (failed(target))
      return signalPassFailure();
    forEachKernel(getOperation(), [&](Operation *op, KernelRole role, const ScheduleSpace &space) {
      give(op, role, space, *target,
           role == KernelRole::Inference ? target->inferenceBatch : target->batch);
    });
  }

private:
  void give(Operation *op, KernelRole role, const ScheduleSpace &space, const TargetModel &target,
            int64_t batch) {
    if (op->hasAttr(scheduleAttrName(op, role)))
      return; // set by hand
    if (debugging())
      llvm::dbgs() << "cnn-choose-tiling: " << op->getName() << " '" << cnn::modelLabel(op)
                   << "' at batch " << batch << ":\n";
    setSchedule(op, role, chooseSchedule(op, space, target, batch));
  }

  /// The model the options describe: the pass's own, or the named target's, with the threads
  /// and batches given.
  FailureOr<TargetModel> targetOf(Location loc) {
    TargetModel target = base;
    if (!targetName.empty()) {
      if (!resolve) {
        emitError(loc) << "cnn-choose-tiling: this tool cannot describe target '" << targetName
                       << "'";
        return failure();
      }
      auto named = resolve(loc, targetName);
      if (failed(named))
        return failure();
      target = *named;
    }
    if (threads > 0)
      target.threads = threads;
    if (batch > 0)
      target.batch = batch;
    if (inferenceBatch > 0)
      target.inferenceBatch = inferenceBatch;
    return target;
  }

  TargetModel base;
  TargetResolver resolve;
  Option<std::string> targetName{*this, "target",
                                 llvm::cl::desc("The target to model: host or a Halide target "
                                                "string (default: the pipeline's)")};
  Option<int> threads{*this, "threads",
                      llvm::cl::desc("Threads the parallel loops spread over (default: the "
                                     "target's)"),
                      llvm::cl::init(0)};
  Option<int> batch{*this, "batch",
                    llvm::cl::desc("The batch the training program's kernels are tuned for"),
                    llvm::cl::init(0)};
  Option<int> inferenceBatch{
      *this, "inference-batch",
      llvm::cl::desc("The batch the inference program's kernels are tuned for"), llvm::cl::init(0)};
};

} // namespace

double modelledCycles(Operation *op, const Schedule &schedule, const TargetModel &target,
                      int64_t batch) {
  Optional<SumShape> sum = sumShapeOf(op, batch);
  if (!sum || schedule.tile.empty())
    return 0;
  auto block = [&](size_t d) { return d < schedule.tile.size() ? schedule.tile[d] : 1; };
  Tile tile{schedule.vector, block(0), block(1), block(2), block(3)};
  return tileCycles(*sum, tile, target);
}

std::unique_ptr<Pass> createChooseTilingPass(const TargetModel &target, TargetResolver resolve) {
  return std::make_unique<ChooseTilingPass>(target, std::move(resolve));
}

} // namespace cnnc
