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

/// Makes the passes known by name (for pass pipelines and --print-ir-after-all).
void registerCnnPasses();

/// The passes between the cnn dialect and code generation.
void buildCompilePipeline(mlir::PassManager &pm);

} // namespace cnnc

#endif // CNNC_PASSES_PASSES_H
