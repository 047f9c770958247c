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

std::vector<Halide::Argument> LayerKernel::arguments() const {
  std::vector<Halide::Argument> result(buffers.begin(), buffers.end());
  result.insert(result.end(), scalars.begin(), scalars.end());
  return result;
}

FailureOr<LayerKernel> buildLayerKernel(Operation *op, const std::string &symbol, KernelRole role,
                                        bool scheduled) {
  if (auto fused = dyn_cast<cnn::FusedOp>(op))
    return buildFusedKernel(fused, symbol, role, scheduled);
  auto schedule = scheduleOf(op, role);
  if (failed(schedule))
    return failure();
  LayerFuncs funcs = defineLayer(op, symbol);
  if (scheduled)
    scheduleLayer(funcs, *schedule);
  LayerKernel kernel{op, symbol, funcs.output, funcs.inputs, {}, ""};
  kernel.buffers.insert(kernel.buffers.end(), funcs.params.begin(), funcs.params.end());
  return kernel;
}

FailureOr<std::vector<LayerKernel>> buildLayerKernels(ModuleOp module) {
  std::vector<LayerKernel> kernels;
  size_t index = 0;
  WalkResult walk = module.walk([&](Operation *op) {
    if (!isa_and_nonnull<cnn::CnnDialect>(op->getDialect()) || cnn::isViewOp(op) ||
        cnn::isTrainingOp(op) || isa<cnn::YieldOp>(op))
      return WalkResult::advance();
    auto kernel = buildLayerKernel(op, kernelSymbol("layer", index++, cnn::layerName(op)),
                                   KernelRole::Inference);
    if (failed(kernel))
      return WalkResult::interrupt();
    kernels.push_back(std::move(*kernel));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  return kernels;
}

} // namespace cnnc
