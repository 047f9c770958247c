// cnn-choose-tiling: register blocks of each kernel from a cost model of the target, as IR data.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace cnnc {
namespace {

/// The widest power-of-two vector, up to the target's, that fits in `channels`.
int64_t vectorFor(int64_t channels, int64_t widest) {
  int64_t width = widest;
  while (width > 1 && width > channels)
    width /= 2;
  return width;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// A sum per output element, as the cost model sees it: the output's channels (vectorized) and
/// its two blockable dimensions, and the length of the reduction behind each element.
struct SumShape {
  int64_t channels, extent1, extent2, reduction;
  // A convolution kernel gradient's tile spans whole kernel rows (dimension 2), whose taps read
  // neighbouring input pixels, and among equal tiles takes the most channels, each input value
  // broadcast serving more of them; image tiles take the longest rows, fewer tiles meeting the
  // image's edges.
  bool kernelTaps = false;
  int64_t extent3 = 1; // a kernel gradient's rows, blocked too when its input channels are few
};

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
  for (int64_t cb = 1; cb <= 4 && best.vector * cb <= shape.channels; ++cb)
    for (int64_t b3 = 1; b3 <= std::min<int64_t>(shape.extent3, 4); ++b3)
      for (int64_t b2 = 1; b2 <= std::min<int64_t>(shape.extent2, 4); ++b2)
        for (int64_t b1 = 1; b1 <= shape.extent1 && cb * b1 * b2 * b3 <= budget; ++b1) {
          Tile tile{best.vector, cb, b1, b2, b3};
          if (shape.kernelTaps && b2 != std::min<int64_t>(shape.extent2, 4))
            continue;
          double cycles = tileCycles(shape, tile, target);
          bool preferred =
              shape.kernelTaps ? tile.channelBlock > best.channelBlock : tile.block1 > best.block1;
          if (cycles < bestCycles * 0.999 || (cycles <= bestCycles * 1.001 && preferred)) {
            best = tile;
            bestCycles = cycles;
          }
        }
  return best;
}

int64_t dim(Value value, unsigned index) {
  return value.getType().cast<ShapedType>().getDimSize(index);
}

int64_t product(ArrayAttr sizes) {
  int64_t total = 1;
  for (Attribute size : sizes)
    total *= size.cast<IntegerAttr>().getInt();
  return total;
}

/// The blocked sum an op computes, or none: convolutions and their input gradients block the
/// output's width and height, Dense layers and their input gradients the batch, convolution
/// kernel gradients the input channels and kernel columns, Dense kernel gradients the inputs.
/// The batch counts as `target.batch`.
Optional<SumShape> sumShapeOf(Operation *op, int64_t batch) {
  auto sizeOr = [&](int64_t size) { return size < 0 ? batch : size; };
  return llvm::TypeSwitch<Operation *, Optional<SumShape>>(op)
      .Case([&](cnn::Conv2DOp conv) -> Optional<SumShape> {
        Value out = conv.output();
        return SumShape{dim(out, 3), dim(out, 2), dim(out, 1),
                        dim(conv.input(), 3) * product(conv.kernel_size())};
      })
      .Case([&](cnn::DenseOp dense) -> Optional<SumShape> {
        if (dense.activation() == "softmax")
          return llvm::None; // summed per sample with its softmax
        return SumShape{(int64_t)dense.units(), sizeOr(dim(dense.output(), 0)), 1,
                        dim(dense.input(), 1)};
      })
      .Case([&](cnn::Conv2DGradInputOp grad) -> Optional<SumShape> {
        Value out = grad->getResult(0), gradient = grad->getOperand(0);
        return SumShape{dim(out, 3), dim(out, 2), dim(out, 1),
                        dim(gradient, 3) * product(grad->getAttrOfType<ArrayAttr>("kernel_size"))};
      })
      .Case([&](cnn::Conv2DGradKernelOp grad) -> Optional<SumShape> {
        Value out = grad->getResult(0), gradient = grad->getOperand(0);
        // Kernel (kh, kw, in, out): Halide dimensions 1 to 3 are the input channels, the
        // columns and the rows.
        return SumShape{dim(out, 3), dim(out, 2),
                        dim(out, 1), batch * dim(gradient, 1) * dim(gradient, 2),
                        true,        dim(out, 0)};
      })
      .Case([&](cnn::DenseGradInputOp grad) -> Optional<SumShape> {
        Value out = grad->getResult(0);
        return SumShape{dim(out, 1), sizeOr(dim(out, 0)), 1, dim(grad->getOperand(0), 1)};
      })
      .Case([&](cnn::DenseGradKernelOp grad) -> Optional<SumShape> {
        Value out = grad->getResult(0);
        return SumShape{dim(out, 1), dim(out, 0), 1, batch};
      })
      .Default([](Operation *) { return llvm::None; });
}

/// A parallel task should run for a few microseconds at least, or the thread pool's overhead
/// dominates: about a million floating-point operations, or 100 KB of memory traffic (taken as
/// 10 operations a byte, the machine's ratio of peak to bandwidth).
constexpr double kTaskWork = 1e6, kWorkPerByte = 10;

/// The iterations of an op's parallel loop at `batch`, and the work of each: convolutions run
/// rows of tiles of every sample, other blocked sums their tiles (and samples), image ops their
/// rows; other ops run one sample per iteration, little work.
std::pair<int64_t, double> parallelLoopOf(Operation *op, const Optional<SumShape> &sum,
                                          const Tile &tile, int64_t batch) {
  auto shape = op->getResult(0).getType().cast<ShapedType>().getShape();
  if (sum) {
    double tileWork = 2.0 * tile.vector * tile.channelBlock * tile.block1 * tile.block2 *
                      tile.block3 * (double)sum->reduction;
    int64_t channelTiles = ceilDiv(sum->channels, tile.vector * tile.channelBlock);
    int64_t tiles1 = ceilDiv(sum->extent1, tile.block1),
            tiles2 = ceilDiv(sum->extent2, tile.block2) * ceilDiv(sum->extent3, tile.block3);
    if (isa<cnn::Conv2DOp>(op))
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

class ChooseTilingPass : public PassWrapper<ChooseTilingPass, OperationPass<ModuleOp>> {
public:
  explicit ChooseTilingPass(const TargetModel &target) : target(target) {}
  StringRef getArgument() const override { return "cnn-choose-tiling"; }
  StringRef getName() const override { return "ChooseTiling"; }
  StringRef getDescription() const override {
    return "Choose the vector width and register tile of every kernel from a cost model of the "
           "target";
  }

  void runOnOperation() override {
    getOperation().walk([&](Operation *op) {
      // A fused op's kernel tiles as its layers do; what it keeps is computed with them.
      if (!isa_and_nonnull<cnn::CnnDialect>(op->getDialect()) || cnn::isViewOp(op) ||
          op->getNumResults() == 0 || op->hasAttr("cnn.schedule") ||
          isa<cnn::FusedOp, cnn::MaxPool2DWinnersOp>(op))
        return;
      Optional<SumShape> sum = sumShapeOf(op, target.batch);
      Tile tile;
      if (sum)
        tile = chooseTile(*sum, target);
      else
        tile.vector = vectorFor(op->getResult(0).getType().cast<ShapedType>().getShape().back(),
                                target.vectorWidth);
      int64_t task = taskSize(parallelLoopOf(op, sum, tile, target.batch), target);
      Builder b(op->getContext());
      op->setAttr("cnn.schedule",
                  b.getDictionaryAttr(
                      {b.getNamedAttr("vector_width", b.getI64IntegerAttr(tile.vector)),
                       b.getNamedAttr("channel_block", b.getI64IntegerAttr(tile.channelBlock)),
                       b.getNamedAttr("pixel_block", b.getI64IntegerAttr(tile.block1)),
                       b.getNamedAttr("row_block", b.getI64IntegerAttr(tile.block2)),
                       b.getNamedAttr("depth_block", b.getI64IntegerAttr(tile.block3)),
                       b.getNamedAttr("parallel_task", b.getI64IntegerAttr(task))}));
    });
  }

private:
  TargetModel target;
};

} // namespace

std::unique_ptr<Pass> createChooseTilingPass(const TargetModel &target) {
  return std::make_unique<ChooseTilingPass>(target);
}

} // namespace cnnc
