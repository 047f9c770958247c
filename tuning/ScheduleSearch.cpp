// Random sampling and local refinement over a kernel's schedule space, deterministic by seed.
#include "cnnc/tuning/ScheduleSearch.h"
#include "cnnc/passes/Passes.h"

#include <algorithm>

namespace cnnc {

ScheduleSearch::ScheduleSearch(ScheduleSpace space, Schedule costModel, uint64_t seed)
    : space(std::move(space)), costModel(costModel), rng(seed), bestSchedule(costModel) {}

namespace {

int64_t pick(std::mt19937_64 &rng, int64_t count) {
  return std::uniform_int_distribution<int64_t>(0, count - 1)(rng);
}

/// `value` doubled, halved, or moved by one, at least 1.
int64_t step(std::mt19937_64 &rng, int64_t value) {
  switch (pick(rng, 4)) {
  case 0:
    return value * 2;
  case 1:
    return std::max<int64_t>(1, value / 2);
  case 2:
    return value + 1;
  default:
    return std::max<int64_t>(1, value - 1);
  }
}

} // namespace

Schedule ScheduleSearch::mutate(const Schedule &parent) {
  Schedule child = parent;
  // The dimensions, in order: vector, each tile entry, task, each stage vector, each stage task.
  size_t stages = child.stageVectors.size();
  size_t dimensions = 2 + child.tile.size() + 2 * stages;
  size_t d = (size_t)pick(rng, (int64_t)dimensions);
  if (d == 0) {
    child.vector = pick(rng, 2) ? child.vector * 2 : std::max<int64_t>(1, child.vector / 2);
  } else if (d <= child.tile.size()) {
    child.tile[d - 1] = step(rng, child.tile[d - 1]);
  } else if (d == child.tile.size() + 1) {
    child.task = step(rng, child.task);
  } else {
    size_t i = d - child.tile.size() - 2;
    if (i < stages)
      child.stageVectors[i] = pick(rng, 2) ? child.stageVectors[i] * 2
                                           : std::max<int64_t>(1, child.stageVectors[i] / 2);
    else
      child.stageTasks[i - stages] = step(rng, child.stageTasks[i - stages]);
  }
  return child;
}

llvm::Optional<Schedule> ScheduleSearch::next() {
  for (int tries = 0; tries < 200; ++tries) {
    Schedule candidate;
    if (proposals == 0)
      candidate = costModel;
    else if (proposals % 2 == 0 && measured.size() >= 4)
      candidate = mutate(measured[(size_t)pick(rng, std::min<int64_t>(3, measured.size()))].second);
    else
      candidate = sampleSchedule(space, rng);
    if (!scheduleProblem(space, candidate).empty() ||
        !proposed.insert(printSchedule(candidate)).second)
      continue;
    ++proposals;
    return candidate;
  }
  return llvm::None;
}

void ScheduleSearch::record(const Schedule &schedule, llvm::Optional<double> ms) {
  if (!ms)
    return;
  auto at = std::upper_bound(measured.begin(), measured.end(), *ms,
                             [](double time, const auto &entry) { return time < entry.first; });
  measured.insert(at, {*ms, schedule});
  if (!bestTime || *ms < *bestTime) {
    bestTime = ms;
    bestSchedule = schedule;
  }
}

} // namespace cnnc
