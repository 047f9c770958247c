// The passes' registration by name and the pipeline cnnc runs before code generation.
#include "cnnc/passes/Passes.h"

using namespace mlir;

namespace cnnc {

void registerCnnPasses() {
  registerPass([] { return createBuildTrainingGraphPass(); });
  registerPass([] { return createFuseConvReluPoolPass(); });
  registerPass([] { return createChooseTilingPass(); });
}

void buildCompilePipeline(PassManager &pm, bool training, bool fuse, const TargetModel &target) {
  if (training)
    pm.addPass(createBuildTrainingGraphPass());
  if (fuse)
    pm.addPass(createFuseConvReluPoolPass());
  pm.addPass(createChooseTilingPass(target));
}

} // namespace cnnc
