// cnn-sample-schedules: a random valid schedule for every kernel, drawn from its op's space.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"

#include <algorithm>

using namespace mlir;

namespace cnnc {
namespace {

int64_t uniform(std::mt19937_64 &rng, int64_t low, int64_t high) {
  return std::uniform_int_distribution<int64_t>(low, std::max(low, high))(rng);
}

/// A power of two from 1 to `most` lanes, and no more than `channels` where they bound it.
int64_t sampleVector(std::mt19937_64 &rng, int64_t channels, int64_t most) {
  int64_t widest = 1;
  while (widest * 2 <= most && (channels < 0 || widest * 2 <= channels))
    widest *= 2;
  return int64_t(1) << uniform(rng, 0, __builtin_ctzll(widest));
}

} // namespace

Schedule sampleSchedule(const ScheduleSpace &space, std::mt19937_64 &rng) {
  constexpr int64_t kWidest = 32, kMostAccumulators = 24, kMostPerDimension = 8, kMostTask = 64;
  Schedule s;
  s.vector = sampleVector(rng, space.channels, kWidest);
  int64_t accumulators = 1;
  for (size_t d = 0; d < space.tileExtents.size(); ++d) {
    int64_t extent = space.tileExtents[d];
    int64_t most = d == 0 ? space.channels / s.vector : extent < 0 ? kMostPerDimension : extent;
    if (d == 2 && space.maxTileRows > 0)
      most = std::min(most, space.maxTileRows);
    most = std::min({most, kMostPerDimension, kMostAccumulators / accumulators});
    s.tile.push_back(uniform(rng, 1, most));
    accumulators *= s.tile.back();
  }
  s.task = uniform(rng, 1, kMostTask);
  for (const StagedCopy &copy : space.stages) {
    s.stageVectors.push_back(sampleVector(rng, copy.channels, kWidest));
    s.stageTasks.push_back(copy.perTask ? 1 : uniform(rng, 1, kMostPerDimension));
  }
  return s;
}

namespace {

class SampleSchedulesPass : public PassWrapper<SampleSchedulesPass, OperationPass<ModuleOp>> {
public:
  SampleSchedulesPass() = default;
  SampleSchedulesPass(const SampleSchedulesPass &other) : PassWrapper(other) {}

  StringRef getArgument() const override { return "cnn-sample-schedules"; }
  StringRef getName() const override { return "SampleSchedules"; }
  StringRef getDescription() const override {
    return "Replace every kernel's schedule with a random valid one from its op's space (for "
           "tests and tuning)";
  }

  void runOnOperation() override {
    std::mt19937_64 rng(seed);
    forEachKernel(getOperation(), [&](Operation *op, KernelRole role, const ScheduleSpace &space) {
      if (op->hasAttr(scheduleAttrName(op, role)))
        setSchedule(op, role, sampleSchedule(space, rng));
    });
  }

private:
  Option<uint64_t> seed{*this, "seed", llvm::cl::desc("The random generator's seed"),
                        llvm::cl::init(1)};
};

} // namespace

std::unique_ptr<Pass> createSampleSchedulesPass() {
  return std::make_unique<SampleSchedulesPass>();
}

} // namespace cnnc
