// cnn-choose-tiling: register blocks of each kernel from a cost model of the target, as IR data.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>

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
};

/// A register tile: vectors of channels x block1 x block2 accumulators.
struct Tile {
  int64_t vector = 1, channelBlock = 1, block1 = 1, block2 = 1;
};

/// Cycles to compute every output of `shape` by tiles of `tile`: per tile, each reduction step
/// issues one FMA per accumulator on two FMA pipes, waiting at least the FMA latency (4 cycles),
/// and loads the channel vectors and one broadcast per other accumulator on two load pipes,
/// at half speed when the kernel panel a tile streams outgrows L1 and at a quarter when the
/// whole kernel outgrows L2; then it initializes and stores its accumulators. Tiles past an
/// edge shift inwards and recompute; tiles spread over the threads in whole rounds.
double tileCycles(const SumShape &shape, const Tile &tile, const TargetModel &target) {
  int64_t accumulators = tile.channelBlock * tile.block1 * tile.block2;
  double steps = (double)shape.reduction;
  double panelBytes = steps * tile.vector * tile.channelBlock * 4;
  double kernelBytes = steps * shape.channels * 4;
  double kernelLoadCost = kernelBytes > target.l2Bytes ? 4 : panelBytes > target.l1Bytes ? 2 : 1;
  double fma = std::max(accumulators * steps / 2, steps * 4);
  double loads = (tile.channelBlock * kernelLoadCost + tile.block1 * tile.block2) * steps / 2;
  double perTile = std::max(fma, loads) + 2.0 * accumulators + 16;
  int64_t tiles = ceilDiv(shape.channels, tile.vector * tile.channelBlock) *
                  ceilDiv(shape.extent1, tile.block1) * ceilDiv(shape.extent2, tile.block2);
  int64_t rounds = ceilDiv(tiles, std::max(1, target.threads));
  return rounds * perTile;
}

/// The cheapest tile that fits the target's registers (four stay free for the kernel's vectors
/// and the broadcast operand); among equals, the widest along dimension 1, whose edges cost
/// loop partitions the model does not count.
Tile chooseTile(const SumShape &shape, const TargetModel &target) {
  Tile best;
  best.vector = vectorFor(shape.channels, target.vectorWidth);
  double bestCycles = tileCycles(shape, best, target);
  int64_t budget = std::max(1, target.registers - 4);
  for (int64_t cb = 1; cb <= 4 && best.vector * cb <= shape.channels; ++cb)
    for (int64_t b2 = 1; b2 <= std::min<int64_t>(shape.extent2, 4); ++b2)
      for (int64_t b1 = 1; b1 <= shape.extent1 && cb * b1 * b2 <= budget; ++b1) {
        Tile tile{best.vector, cb, b1, b2};
        double cycles = tileCycles(shape, tile, target);
        if (cycles < bestCycles * 0.999 ||
            (cycles <= bestCycles * 1.001 && tile.block1 > best.block1)) {
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
/// kernel gradients the kernel's columns and rows, Dense kernel gradients the inputs. The batch
/// counts as `target.batch`.
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
        // Kernel (kh, kw, in, out): the blocks are its columns and rows, one tile per input
        // channel, so that every tap of a window shares the gradient vector loaded.
        return SumShape{dim(out, 3), dim(out, 1), dim(out, 0),
                        batch * dim(gradient, 1) * dim(gradient, 2)};
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
      Builder b(op->getContext());
      op->setAttr("cnn.schedule",
                  b.getDictionaryAttr(
                      {b.getNamedAttr("vector_width", b.getI64IntegerAttr(tile.vector)),
                       b.getNamedAttr("channel_block", b.getI64IntegerAttr(tile.channelBlock)),
                       b.getNamedAttr("pixel_block", b.getI64IntegerAttr(tile.block1)),
                       b.getNamedAttr("row_block", b.getI64IntegerAttr(tile.block2))}));
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
