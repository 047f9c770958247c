// Builds the scheduled Halide pipeline of every computing layer of a cnn module.
#include "cnnc/codegen/LayerKernels.h"
#include "FusedKernels.h"
#include "KernelBuffers.h"
#include "LayerFuncs.h"

#include "cnnc/ir/CnnDialect.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <cctype>

using namespace mlir;

namespace cnnc {

std::string kernelSymbol(const std::string &kind, size_t index, StringRef name) {
  std::string symbol = kind + std::to_string(index) + "_";
  for (char ch : name)
    symbol += std::isalnum((unsigned char)ch) ? ch : '_';
  return symbol;
}

/// A register tile must fit in the output it tiles (its last tile shifts inwards): the channel
/// vectors in the channels, each block in its static dimension (Halide dimensions 1 to 3).
static LogicalResult checkTileFits(Operation *op, const ScheduleParams &p) {
  if (!isa<cnn::Conv2DOp, cnn::DenseOp, cnn::Conv2DGradInputOp, cnn::Conv2DGradKernelOp,
           cnn::DenseGradInputOp, cnn::DenseGradKernelOp>(op))
    return success();
  std::vector<int64_t> extents = halideExtents(shapeOf(op->getResult(0)));
  if ((int64_t)p.vectorWidth * p.channelBlock > extents[0])
    return op->emitError() << "cnn.schedule's channel_block " << p.channelBlock << " of "
                           << p.vectorWidth << "-wide vectors exceeds the " << extents[0]
                           << " channels";
  const std::pair<const char *, int> blocks[] = {
      {"pixel_block", p.pixelBlock}, {"row_block", p.rowBlock}, {"depth_block", p.depthBlock}};
  for (size_t d = 1; d < extents.size() && d <= 3; ++d)
    if (extents[d] >= 0 && blocks[d - 1].second > extents[d])
      return op->emitError() << "cnn.schedule's " << blocks[d - 1].first << " "
                             << blocks[d - 1].second << " exceeds the " << extents[d]
                             << " values of the dimension it blocks";
  return success();
}

FailureOr<ScheduleParams> readSchedule(Operation *op) {
  auto attr = op->getAttrOfType<DictionaryAttr>("cnn.schedule");
  ScheduleParams params;
  // The keys after pixel_block are optional: IR written before them keeps its meaning.
  auto read = [&](StringRef key, int &field, bool required) {
    auto value = attr ? attr.getAs<IntegerAttr>(key) : IntegerAttr();
    if (!value)
      return !required;
    if (value.getInt() < 1)
      return false;
    field = (int)value.getInt();
    return true;
  };
  if (!read("vector_width", params.vectorWidth, true) ||
      !read("channel_block", params.channelBlock, true) ||
      !read("pixel_block", params.pixelBlock, true) || !read("row_block", params.rowBlock, false) ||
      !read("depth_block", params.depthBlock, false) ||
      !read("parallel_task", params.parallelTask, false)) {
    op->emitError() << "'" << op->getName() << "' has no valid cnn.schedule attribute "
                    << "{vector_width, channel_block, pixel_block[, row_block, depth_block, "
                       "parallel_task]} (run the "
                       "cnn-choose-tiling pass)";
    return failure();
  }
  if (failed(checkTileFits(op, params)))
    return failure();
  return params;
}

FailureOr<std::vector<LayerKernel>> buildLayerKernels(ModuleOp module) {
  std::vector<LayerKernel> kernels;
  size_t index = 0;
  WalkResult walk = module.walk([&](Operation *op) {
    if (!isa_and_nonnull<cnn::CnnDialect>(op->getDialect()) || cnn::isViewOp(op) ||
        cnn::isTrainingOp(op) || isa<cnn::YieldOp>(op))
      return WalkResult::advance();
    std::string symbol = kernelSymbol("layer", index++, cnn::layerName(op));
    if (auto fused = dyn_cast<cnn::FusedOp>(op)) {
      auto kernel = buildFusedKernel(fused, symbol, /*keepWinners=*/false);
      if (failed(kernel))
        return WalkResult::interrupt();
      kernels.push_back(std::move(*kernel));
      return WalkResult::advance();
    }
    auto schedule = readSchedule(op);
    if (failed(schedule))
      return WalkResult::interrupt();
    LayerFuncs funcs = defineLayer(op, symbol);
    scheduleLayer(funcs, *schedule);
    LayerKernel kernel{op, symbol, funcs.output, {}, ""};
    for (auto &param : funcs.inputs)
      kernel.arguments.push_back(param);
    for (auto &param : funcs.params)
      kernel.arguments.push_back(param);
    kernels.push_back(std::move(kernel));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  return kernels;
}

} // namespace cnnc
