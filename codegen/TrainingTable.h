// The training program of a cnn module (cnn_train_desc), read from its training graph.
#ifndef CNNC_CODEGEN_TRAININGTABLE_H
#define CNNC_CODEGEN_TRAININGTABLE_H

#include "ModelTable.h"

#include "cnn/model_desc.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>
#include <vector>

namespace cnnc {

struct TrainingTemp {
  std::string name;
  std::vector<int64_t> shape; // Keras order, -1 for the batch
  int alias = -1;
};

struct TrainingStep {
  std::string name;
  cnn_step_phase phase;
  std::string kernel; // the C symbol; empty for a view
  std::vector<cnn_buffer_ref> inputs, outputs;
  cnn_scalar_kind scalar;
  double flops; // per sample (Flops.h)
};

struct TrainingTable {
  cnn_optimizer_desc optimizer{};
  std::vector<TrainingTemp> temps;
  std::vector<TrainingStep> steps;
  std::vector<cnn_loss_desc> losses; // in model output order
};

/// Reads the program of a module with a training graph: every value the graph computes gets a
/// temp (a view's aliases its input), parameter gradients and optimizer slots are the runtime's,
/// and each op but inputs, labels and targets is a step; each loss gradient op gives a loss.
/// `kernelOf` gives an op's kernel symbol, or "" for a view. Reports ops it cannot express at their
/// location.
mlir::FailureOr<TrainingTable>
readTrainingTable(mlir::ModuleOp module, const ModelTable &table,
                  llvm::function_ref<std::string(mlir::Operation *)> kernelOf);

/// C source defining `static const cnn_train_desc train`.
std::string trainingDescriptor(const TrainingTable &table);

} // namespace cnnc

#endif // CNNC_CODEGEN_TRAININGTABLE_H
