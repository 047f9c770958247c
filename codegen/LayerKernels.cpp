// Builds the scheduled Halide pipeline of every computing layer of a cnn module.
#include "cnnc/codegen/LayerKernels.h"
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

static FailureOr<ScheduleParams> scheduleOf(Operation *op) {
  auto attr = op->getAttrOfType<DictionaryAttr>("cnn.schedule");
  ScheduleParams params;
  auto read = [&](StringRef key, int &field) {
    auto value = attr ? attr.getAs<IntegerAttr>(key) : IntegerAttr();
    if (!value || value.getInt() < 1)
      return false;
    field = (int)value.getInt();
    return true;
  };
  if (!read("vector_width", params.vectorWidth) || !read("channel_block", params.channelBlock) ||
      !read("pixel_block", params.pixelBlock)) {
    op->emitError() << "layer '" << cnn::layerName(op)
                    << "' has no valid cnn.schedule attribute {vector_width, channel_block, "
                       "pixel_block} (run the cnn-choose-schedule pass)";
    return failure();
  }
  return params;
}

FailureOr<std::vector<LayerKernel>> buildLayerKernels(ModuleOp module) {
  std::vector<LayerKernel> kernels;
  size_t index = 0;
  WalkResult walk = module.walk([&](Operation *op) {
    if (!isa_and_nonnull<cnn::CnnDialect>(op->getDialect()) || cnn::isViewOp(op) ||
        cnn::isTrainingOp(op))
      return WalkResult::advance();
    auto schedule = scheduleOf(op);
    if (failed(schedule))
      return WalkResult::interrupt();
    std::string symbol = kernelSymbol("layer", index++, cnn::layerName(op));
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
