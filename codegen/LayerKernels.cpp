// Builds the scheduled Halide pipeline of every computing layer of a cnn module.
#include "cnnc/codegen/LayerKernels.h"
#include "FusedKernels.h"
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
