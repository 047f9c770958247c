// The search over one kernel's schedules: the cost model's first, then samples and mutations.
#ifndef CNNC_TUNING_SCHEDULESEARCH_H
#define CNNC_TUNING_SCHEDULESEARCH_H

#include "cnnc/ir/Schedule.h"

#include "llvm/ADT/Optional.h"

#include <random>
#include <set>
#include <string>
#include <vector>

namespace cnnc {

/// Proposes the schedules of one kernel to measure, each once: first the cost model's, then by
/// turns a random sample of the space (cnn-sample-schedules' distribution) and a mutation of one
/// of the three fastest so far (one dimension doubled, halved, or moved by one), the second
/// once four have been measured. It takes the same decisions for the same seed and the same
/// measurements, so a search resumed from a log replays the decisions that made it.
class ScheduleSearch {
public:
  ScheduleSearch(ScheduleSpace space, Schedule costModel, uint64_t seed);

  /// The next schedule to measure; none when 200 tries in a row found no new valid one.
  llvm::Optional<Schedule> next();

  /// What `next()`'s last proposal measured: its median time, or none when it failed or
  /// computed another output.
  void record(const Schedule &schedule, llvm::Optional<double> ms);

  /// The fastest correct schedule so far (the cost model's until one beats it), and its time.
  const Schedule &best() const { return bestSchedule; }
  llvm::Optional<double> bestMs() const { return bestTime; }

private:
  Schedule mutate(const Schedule &parent);

  ScheduleSpace space;
  Schedule costModel;
  std::mt19937_64 rng;
  std::set<std::string> proposed;
  std::vector<std::pair<double, Schedule>> measured; // correct ones, fastest first
  Schedule bestSchedule;
  llvm::Optional<double> bestTime;
  size_t proposals = 0;
};

} // namespace cnnc

#endif // CNNC_TUNING_SCHEDULESEARCH_H
