// ScheduleSearch on a fake timer: valid, distinct proposals, the same decisions for the same seed
// and measurements, also when the measurements are replayed from a record of them.
#include "cnnc/tuning/ScheduleSearch.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace cnnc {
namespace {

/// A convolution's kernel: 64 channels of a 14x14 output, and one staged copy.
ScheduleSpace convolutionSpace() {
  ScheduleSpace space;
  space.channels = 64;
  space.tileExtents = {64, 14, 14};
  space.stages = {{"input_padded", 32, false, false}};
  space.taskLoop = "tiles";
  return space;
}

Schedule costModel() {
  Schedule s;
  s.vector = 8;
  s.tile = {2, 6, 1};
  s.task = 4;
  s.stageVectors = {8};
  s.stageTasks = {1};
  return s;
}

/// A made-up time: fastest near vector 16, tile [2, 7, 2], task 8; some schedules "fail".
llvm::Optional<double> fakeTime(const Schedule &s) {
  if (s.task == 13)
    return llvm::None;
  double ms = 1.0 + std::abs(s.vector - 16) * 0.05 + std::abs(s.tile[0] - 2) * 0.1 +
              std::abs(s.tile[1] - 7) * 0.03 + std::abs(s.tile[2] - 2) * 0.07 +
              std::abs(s.task - 8) * 0.01 + (s.stageVectors[0] == 8 ? 0 : 0.02);
  return ms;
}

/// The schedules a search proposes in `trials` steps, timed by `timer`.
template <typename Timer>
std::vector<std::string> run(uint64_t seed, int trials, Timer timer, double *best = nullptr) {
  ScheduleSearch search(convolutionSpace(), costModel(), seed);
  std::vector<std::string> proposals;
  for (int i = 0; i < trials; ++i) {
    auto next = search.next();
    if (!next)
      break;
    proposals.push_back(printSchedule(*next));
    search.record(*next, timer(*next));
  }
  if (best)
    *best = *search.bestMs();
  return proposals;
}

TEST(ScheduleSearch, StartsWithTheCostModelAndProposesValidDistinctSchedules) {
  ScheduleSpace space = convolutionSpace();
  ScheduleSearch search(space, costModel(), 3);
  std::set<std::string> seen;
  for (int i = 0; i < 60; ++i) {
    auto next = search.next();
    ASSERT_TRUE(next);
    if (i == 0) {
      EXPECT_EQ(printSchedule(*next), printSchedule(costModel()));
    }
    EXPECT_EQ(scheduleProblem(space, *next), "") << printSchedule(*next);
    EXPECT_TRUE(seen.insert(printSchedule(*next)).second) << printSchedule(*next);
    search.record(*next, fakeTime(*next));
  }
  EXPECT_LE(*search.bestMs(), *fakeTime(costModel()));
}

TEST(ScheduleSearch, TakesTheSameDecisionsForTheSameSeedAndMeasurements) {
  double bestA = 0, bestB = 0;
  std::vector<std::string> a = run(7, 80, fakeTime, &bestA);
  std::vector<std::string> b = run(7, 80, fakeTime, &bestB);
  EXPECT_EQ(a, b);
  EXPECT_EQ(bestA, bestB);
  EXPECT_NE(a, run(8, 80, fakeTime)) << "another seed searches otherwise";
}

TEST(ScheduleSearch, ReplaysItsDecisionsFromARecordOfTheMeasurements) {
  // A first run records what it measured, as a log would; a second run reads only the record.
  std::map<std::string, llvm::Optional<double>> record;
  std::vector<std::string> measured =
      run(11, 80, [&](const Schedule &s) { return record[printSchedule(s)] = fakeTime(s); });
  int misses = 0;
  std::vector<std::string> replayed = run(11, 80, [&](const Schedule &s) {
    auto found = record.find(printSchedule(s));
    if (found == record.end()) {
      ++misses;
      return llvm::Optional<double>();
    }
    return found->second;
  });
  EXPECT_EQ(replayed, measured);
  EXPECT_EQ(misses, 0);
}

TEST(ScheduleSearch, ComesNearTheFastestScheduleOfAFakeTimer) {
  // The cost model's schedule takes 1.54 ms on the fake timer, the fastest 1.0 ms.
  double best = 0;
  run(5, 120, fakeTime, &best);
  EXPECT_LT(best, 1.25);
}

} // namespace
} // namespace cnnc
