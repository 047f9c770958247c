// The passes' registration by name and the pipeline cnnc runs before code generation.
#include "cnnc/passes/Passes.h"
#include "cnnc/passes/ScheduleLog.h"

using namespace mlir;

namespace cnnc {

void registerCnnPasses(TargetResolver resolve) {
  registerPass([] { return createBuildTrainingGraphPass(); });
  registerPass([] { return createFuseConvReluPoolPass(); });
  registerPass([resolve] { return createChooseTilingPass(TargetModel(), resolve); });
  registerPass([] { return createSampleSchedulesPass(); });
}

void buildCompilePipeline(PassManager &pm, bool training, bool fuse, const TargetModel &target,
                          const ScheduleLogOptions *log) {
  if (training)
    pm.addPass(createBuildTrainingGraphPass());
  if (fuse)
    pm.addPass(createFuseConvReluPoolPass());
  if (log)
    pm.addPass(createApplyScheduleLogPass(*log));
  pm.addPass(createChooseTilingPass(target));
}

} // namespace cnnc
