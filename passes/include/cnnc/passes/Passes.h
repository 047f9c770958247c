// The passes over the cnn dialect, and the pipeline cnnc runs before code generation.
#ifndef CNNC_PASSES_PASSES_H
#define CNNC_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <memory>

namespace cnnc {

/// `cnn-choose-schedule`: gives every computing layer a `cnn.schedule` attribute (vector width
/// along the channels, channel and pixel register blocks) sized for the target's vector
/// registers. Layers that already carry one keep it, so a schedule can be set by hand in the IR.
std::unique_ptr<mlir::Pass> createChooseSchedulePass(int vectorWidth = 16, int registers = 32);

/// `cnn-build-training-graph`: appends to the model function the training graph: the batch's
/// labels, the gradient of the sparse categorical cross-entropy of the first output (softmax
/// probabilities), the backward ops of every layer the gradient reaches, and one optimizer update
/// per parameter with the settings of the function's `cnn.compile` attribute (Keras's Adam when
/// it has none). A function that already holds cnn.labels is left as it is.
std::unique_ptr<mlir::Pass> createBuildTrainingGraphPass();

/// Makes the passes known by name (for pass pipelines and --print-ir-after-all).
void registerCnnPasses();

/// The passes between the cnn dialect and code generation; `training` adds the training graph.
void buildCompilePipeline(mlir::PassManager &pm, bool training);

} // namespace cnnc

#endif // CNNC_PASSES_PASSES_H
