// The passes' registration by name and the pipeline cnnc runs before code generation.
#include "cnnc/passes/Passes.h"

using namespace mlir;

namespace cnnc {

void registerCnnPasses() {
  registerPass([] { return createBuildTrainingGraphPass(); });
  registerPass([] { return createChooseTilingPass(); });
}

void buildCompilePipeline(PassManager &pm, bool training, const TargetModel &target) {
  if (training)
    pm.addPass(createBuildTrainingGraphPass());
  pm.addPass(createChooseTilingPass(target));
}

} // namespace cnnc
