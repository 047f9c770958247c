// cnn-choose-schedule: tile sizes of each layer kernel, as data in the IR.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

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

class ChooseSchedulePass : public PassWrapper<ChooseSchedulePass, OperationPass<ModuleOp>> {
public:
  ChooseSchedulePass(int vectorWidth, int registers)
      : vectorWidth(vectorWidth), registers(registers) {}
  StringRef getArgument() const override { return "cnn-choose-schedule"; }
  StringRef getName() const override { return "ChooseSchedule"; }
  StringRef getDescription() const override {
    return "Choose vector width and register blocks for every layer kernel";
  }

  void runOnOperation() override {
    getOperation().walk([&](Operation *op) {
      if (!isa_and_nonnull<cnn::CnnDialect>(op->getDialect()) || cnn::isViewOp(op) ||
          cnn::isTrainingOp(op) || op->hasAttr("cnn.schedule"))
        return;
      auto shape = op->getResult(0).getType().cast<ShapedType>().getShape();
      int64_t channels = shape.back();
      int64_t vector = vectorFor(channels, vectorWidth);
      int64_t channelBlock = 1, pixelBlock = 1;
      if (shape.size() == 4 && isa<cnn::Conv2DOp>(op)) {
        // Half the registers hold accumulators; the rest stream kernels and pixels.
        int64_t accumulators = registers / 2;
        channelBlock = channels % (2 * vector) == 0 ? 2 : 1;
        pixelBlock = std::min<int64_t>(shape[2], accumulators / channelBlock);
      }
      Builder b(op->getContext());
      op->setAttr(
          "cnn.schedule",
          b.getDictionaryAttr({b.getNamedAttr("vector_width", b.getI64IntegerAttr(vector)),
                               b.getNamedAttr("channel_block", b.getI64IntegerAttr(channelBlock)),
                               b.getNamedAttr("pixel_block", b.getI64IntegerAttr(pixelBlock))}));
    });
  }

private:
  int vectorWidth, registers;
};

} // namespace

std::unique_ptr<Pass> createChooseSchedulePass(int vectorWidth, int registers) {
  return std::make_unique<ChooseSchedulePass>(vectorWidth, registers);
}

} // namespace cnnc
