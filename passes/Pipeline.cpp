// The passes' registration by name and the pipeline cnnc runs before code generation.
#include "cnnc/passes/Passes.h"

using namespace mlir;

namespace cnnc {

void registerCnnPasses() {
  registerPass([] { return createBuildTrainingGraphPass(); });
  registerPass([] { return createChooseSchedulePass(); });
}

void buildCompilePipeline(PassManager &pm, bool training) {
  if (training)
    pm.addPass(createBuildTrainingGraphPass());
  pm.addPass(createChooseSchedulePass());
}

} // namespace cnnc
