// Builds the scheduled Halide pipelines of the training program, one per distinct op.
#include "TrainingKernels.h"
#include "FusedKernels.h"
#include "LayerFuncs.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace cnnc {
namespace {

/// Ops with equal keys compile to the same kernel: the key holds the computation (a Dropout's
/// forward and backward kernels are one), its attributes but names and the learning rate (the
/// step size is the kernel's scalar), its types unless its buffers are flat, and the Dropout
/// layer whose mask it draws.
std::string kernelKey(Operation *op, int dropoutLayer) {
  static const StringRef unkeyed[] = {"name", "layer", "param", "learning_rate"};
  std::string key;
  llvm::raw_string_ostream os(key);
  os << (isa<cnn::DropoutGradOp>(op) ? cnn::DropoutOp::getOperationName()
                                     : op->getName().getStringRef());
  for (NamedAttribute attr : op->getAttrs())
    if (!llvm::is_contained(unkeyed, attr.getName().strref()))
      os << " " << attr.getName().strref() << "=" << attr.getValue();
  if (scalarOf(op) != CNN_SCALAR_STEP_SIZE) {
    for (Type type : op->getOperandTypes())
      os << " " << type;
    for (Type type : op->getResultTypes())
      os << " -> " << type;
  }
  os << " " << dropoutLayer;
  return os.str();
}

/// What a training kernel is named after: its layer or parameter, and what it computes.
std::string kernelName(Operation *op) {
  if (auto dropout = dyn_cast<cnn::DropoutOp>(op))
    return (dropout.name() + "_training").str();
  return trainingOpName(op);
}

/// A Dropout's kernel in training, a fused op's that keeps the winners of max pooling, and
/// every training op's but views.
bool needsKernel(Operation *op) {
  return isa<cnn::DropoutOp>(op) || (isa<cnn::FusedOp>(op) && op->getNumResults() > 1) ||
         (cnn::isTrainingOp(op) && !cnn::isViewOp(op));
}

} // namespace

bool hasTrainingGraph(ModuleOp module) {
  Block &body = (*module.getOps<FuncOp>().begin()).getBody().front();
  return llvm::any_of(body, [](Operation &op) { return cnn::isTrainingOp(&op); });
}

FailureOr<TrainingKernels> buildTrainingKernels(ModuleOp module, const ModelTable &table) {
  TrainingKernels result;
  if (!hasTrainingGraph(module))
    return result;
  Block &body = (*module.getOps<FuncOp>().begin()).getBody().front();
  llvm::StringMap<int> layerIndex;
  for (const auto &layer : llvm::enumerate(table.layers))
    layerIndex[cnn::layerName(layer.value())] = (int)layer.index();
  llvm::StringMap<std::string> functionOfKey;
  for (Operation &op : body) {
    if (!needsKernel(&op))
      continue;
    if (auto fused = dyn_cast<cnn::FusedOp>(op)) {
      std::string symbol = kernelSymbol("train", result.kernels.size(), fused.name());
      auto kernel = buildFusedKernel(fused, symbol, /*keepWinners=*/true);
      if (failed(kernel))
        return failure();
      result.kernels.push_back(std::move(*kernel));
      result.functionOf[&op] = symbol;
      continue;
    }
    int dropoutLayer = -1;
    if (isa<cnn::DropoutOp>(op))
      dropoutLayer = table.layerOf.lookup(op.getResult(0));
    else if (auto grad = dyn_cast<cnn::DropoutGradOp>(op))
      dropoutLayer = layerIndex.lookup(grad.layer());
    auto [entry, isNew] = functionOfKey.try_emplace(kernelKey(&op, dropoutLayer));
    if (isNew) {
      std::string symbol = kernelSymbol("train", result.kernels.size(), kernelName(&op));
      // Ops without results (updates) or without a tiling choice (a Dropout) vectorize alone.
      ScheduleParams schedule{16, 1, 1, 1};
      if (op.hasAttr("cnn.schedule")) {
        auto read = readSchedule(&op);
        if (failed(read))
          return failure();
        schedule = *read;
      }
      try {
        TrainingFuncs funcs = defineTrainingOp(&op, symbol, dropoutLayer);
        scheduleTraining(funcs, &op, schedule);
        LayerKernel kernel{
            &op, symbol, funcs.output, {}, "dropout layer " + std::to_string(dropoutLayer)};
        kernel.arguments.assign(funcs.buffers.begin(), funcs.buffers.end());
        if (funcs.scalar)
          kernel.arguments.push_back(*funcs.scalar);
        result.kernels.push_back(std::move(kernel));
      } catch (const Halide::Error &error) {
        op.emitError() << "Halide rejected the kernel of '" << op.getName()
                       << "': " << error.what();
        return failure();
      }
      entry->second = symbol;
    }
    result.functionOf[&op] = entry->second;
  }
  return result;
}

} // namespace cnnc
