// Builds the scheduled Halide pipelines of the training program, one per distinct op.
#include "TrainingKernels.h"
#include "FusedKernels.h"
#include "LayerFuncs.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/KernelKey.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace cnnc {
namespace {

/// Ops with equal keys compile to the same kernel: what they compute (kernelSignature), their
/// schedule in training, and the Dropout layer whose mask they draw.
std::string trainingKernelKey(Operation *op, int dropoutLayer) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << kernelSignature(op, KernelRole::Training) << " "
     << op->getAttr(scheduleAttrName(op, KernelRole::Training)) << " " << dropoutLayer;
  return os.str();
}

/// What a training kernel is named after: its layer or parameter, and what it computes.
std::string kernelName(Operation *op) {
  if (auto dropout = dyn_cast<cnn::DropoutOp>(op))
    return (dropout.name() + "_training").str();
  return trainingOpName(op);
}

/// A layer's training kernel is its inference kernel when both have one schedule.
bool sharesInferenceKernel(Operation *op) {
  auto inference =
      op->getAttrOfType<cnn::ScheduleAttr>(scheduleAttrName(op, KernelRole::Inference));
  return inference && inference == op->getAttr(scheduleAttrName(op, KernelRole::Training));
}

/// A Dropout's kernel in training, a fused op's that keeps the winners of max pooling, every
/// training op's but views, and a layer's scheduled apart for training.
bool needsKernel(Operation *op) {
  if (cnn::isTrainingOp(op))
    return !cnn::isViewOp(op);
  if (isa<cnn::DropoutOp>(op) || (isa<cnn::FusedOp>(op) && op->getNumResults() > 1))
    return true;
  return scheduleSpaceOf(op) && !cnn::isViewOp(op) && !sharesInferenceKernel(op);
}

/// The Dropout layer whose mask a Dropout or its gradient draws, or -1.
int dropoutLayerOf(Operation *op, const ModelTable &table) {
  if (isa<cnn::DropoutOp>(op))
    return table.layerOf.lookup(op->getResult(0));
  if (auto grad = dyn_cast<cnn::DropoutGradOp>(op))
    for (const auto &layer : llvm::enumerate(table.layers))
      if (cnn::layerName(layer.value()) == grad.layer())
        return (int)layer.index();
  return -1;
}

/// The kernel of a training op, or of a Dropout in training, scheduled by its schedule when
/// `scheduled`.
FailureOr<LayerKernel> buildTrainingOpKernel(Operation *op, const std::string &symbol,
                                             int dropoutLayer, bool scheduled = true) {
  auto schedule = scheduleOf(op, KernelRole::Training);
  if (failed(schedule))
    return failure();
  try {
    TrainingFuncs funcs = defineTrainingOp(op, symbol, dropoutLayer);
    if (scheduled && failed(scheduleTraining(funcs, op, *schedule)))
      return failure();
    return LayerKernel{op,
                       symbol,
                       funcs.output,
                       funcs.buffers,
                       funcs.scalars,
                       "dropout layer " + std::to_string(dropoutLayer)};
  } catch (const Halide::Error &error) {
    op->emitError() << "Halide rejected the kernel of '" << op->getName() << "': " << error.what();
    return failure();
  }
}

/// A layer's training kernel is built as its inference kernel is, with its training schedule.
bool isLayerKernel(Operation *op) { return !cnn::isTrainingOp(op) && !isa<cnn::DropoutOp>(op); }

} // namespace

FailureOr<LayerKernel> buildKernel(ModuleOp module, Operation *op, KernelRole role,
                                   const std::string &symbol, bool scheduled) {
  if (role == KernelRole::Inference || isLayerKernel(op))
    return buildLayerKernel(op, symbol, role, scheduled);
  return buildTrainingOpKernel(op, symbol, dropoutLayerOf(op, readModelTable(module)), scheduled);
}

FailureOr<TrainingKernels> buildTrainingKernels(ModuleOp module, const ModelTable &table) {
  TrainingKernels result;
  if (!cnn::hasTrainingGraph(module))
    return result;
  Block &body = (*module.getOps<FuncOp>().begin()).getBody().front();
  llvm::StringMap<std::string> functionOfKey;
  for (Operation &op : body) {
    if (!needsKernel(&op))
      continue;
    if (isLayerKernel(&op)) {
      std::string symbol = kernelSymbol("train", result.kernels.size(), cnn::layerName(&op));
      auto kernel = buildLayerKernel(&op, symbol, KernelRole::Training);
      if (failed(kernel))
        return failure();
      result.kernels.push_back(std::move(*kernel));
      result.functionOf[&op] = symbol;
      continue;
    }
    int dropoutLayer = dropoutLayerOf(&op, table);
    auto [entry, isNew] = functionOfKey.try_emplace(trainingKernelKey(&op, dropoutLayer));
    if (isNew) {
      std::string symbol = kernelSymbol("train", result.kernels.size(), kernelName(&op));
      auto kernel = buildTrainingOpKernel(&op, symbol, dropoutLayer);
      if (failed(kernel))
        return failure();
      result.kernels.push_back(std::move(*kernel));
      entry->second = symbol;
    }
    result.functionOf[&op] = entry->second;
  }
  return result;
}

} // namespace cnnc
