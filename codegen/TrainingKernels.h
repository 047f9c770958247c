// Halide pipelines of the training program: backward ops, optimizer updates, training Dropout.
#ifndef CNNC_CODEGEN_TRAININGKERNELS_H
#define CNNC_CODEGEN_TRAININGKERNELS_H

#include "ModelTable.h"

#include "llvm/ADT/DenseMap.h"

namespace cnnc {

/// The kernels of a module's training graph (none without one): every computing training op's,
/// and each Dropout's in training mode. Ops that would compile to the same pipeline share one.
/// A kernel's arguments are its input buffers, its scalar (cnn_scalar_kind), then its outputs.
struct TrainingKernels {
  std::vector<LayerKernel> kernels;
  llvm::DenseMap<mlir::Operation *, std::string> functionOf; // op -> the C symbol of its kernel
};

mlir::FailureOr<TrainingKernels> buildTrainingKernels(mlir::ModuleOp module,
                                                      const ModelTable &table);

} // namespace cnnc

#endif // CNNC_CODEGEN_TRAININGKERNELS_H
