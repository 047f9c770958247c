// A schedule log: JSON lines, one measured schedule of one kernel per line, appended by cnn-tune.
#ifndef CNNC_PASSES_SCHEDULELOG_H
#define CNNC_PASSES_SCHEDULELOG_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/Optional.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace cnnc {

/// The log's format version; a line of another is skipped with a warning. Besides candidates,
/// a tuning run records the machine's measured FP32 peak, as strategy "peak" with its gflops.
constexpr int kScheduleLogFormat = 1;

/// An inference kernel runs at any batch, so a candidate tuned at a large batch is checked at the
/// latency batch too (one image): a record of strategy "latency" holds that check, measured next
/// to the cost model's schedule at that batch. Of an inference kernel tuned at another batch,
/// only the cost model's schedule and those whose check passed (ran, at most kLatencySlack times
/// the cost model's) are chosen.
constexpr int64_t kLatencyBatch = 1;
constexpr double kLatencySlack = 1.10;

/// Whether a latency check with this status and time next to the cost model's passes.
bool latencyCheckPasses(const std::string &status, double vsCostModel);

/// One measured candidate, as a line of the log.
struct ScheduleRecord {
  std::string kernel;   // kernelKey of the op and role
  std::string op;       // the op's name ("cnn.conv2d")
  std::string label;    // its layer, or the parameter an update updates
  std::string role;     // "inference" or "training"
  int64_t batch = 0;    // the batch it ran at
  std::string target;   // the Halide target string of the measured kernel
  int threads = 1;      // threads of Halide's pool
  std::string cnnc;     // cnnc's version
  std::string strategy; // "cost-model", "search", "mullapudi2016", "adams2019", "li2018",
                        // or "latency" (the check of a schedule at kLatencyBatch)
  std::string schedule; // the #cnn.schedule measured; empty for an autoscheduler's
  double medianMs = 0, minMs = 0;
  int runs = 0;
  std::string status; // "ok", "failed" (did not compile or run), "wrong" (another output)
  std::string error;  // why, unless ok
  uint64_t seed = 0;
  double elapsedS = 0;        // seconds into the tuning run when it was measured
  double gflops = 0;          // at the median
  double vsCostModel = 1;     // its time over the cost model's, sample by sample next to it
  double modelCycles = 0;     // what the tiling cost model predicts for it (0: nothing)
  std::string halideSchedule; // an autoscheduler's schedule, as Halide C++ source
};

/// The record as one line of JSON (without the newline).
std::string toJsonLine(const ScheduleRecord &record);

/// The records of a log, in order. A line that is not a record of this format is skipped, and
/// `warn` told "FILE:LINE: why". A missing or unreadable file is an error in `error`.
mlir::FailureOr<std::vector<ScheduleRecord>>
readScheduleLog(const std::string &path, const std::function<void(const std::string &)> &warn,
                std::string &error);

/// Appends the record to the log as one line, flushed at once.
mlir::LogicalResult appendScheduleRecord(const std::string &path, const ScheduleRecord &record,
                                         std::string &error);

/// Whether a record of a log may be chosen as its kernel's schedule: a correct #cnn.schedule
/// candidate, and of an inference kernel tuned at another batch than kLatencyBatch, the cost
/// model's or one whose latency check in the same log passed.
class ScheduleChoice {
public:
  explicit ScheduleChoice(const std::vector<ScheduleRecord> &records);
  bool eligible(const ScheduleRecord &record) const;

private:
  using Check = std::tuple<std::string, int, std::string, std::string>; // target, threads,
                                                                        // kernel, schedule
  std::set<Check> passed, ruledOut; // a check measured twice counts if either rules it out
};

/// The best schedule of each kernel a log holds for one target and thread count: of the eligible
/// records, the one fastest next to the cost model's (vs_cost_model, which holds across runs and
/// the machine's drift; the first among equals); autoschedulers' records, holding no
/// #cnn.schedule, only compare.
std::map<std::string, ScheduleRecord> bestSchedules(const std::vector<ScheduleRecord> &records,
                                                    const std::string &target, int threads);

/// What `cnn-apply-schedule-log` reads: the log and the target and threads to take records of.
struct ScheduleLogOptions {
  std::string path;
  std::string target; // a Halide target string, as the log records it
  int threads = 1;
};

/// `cnn-apply-schedule-log`: gives every kernel without a schedule its best one in the log for
/// the target and thread count; the kernels with none are named in one warning, and keep what
/// cnn-choose-tiling gives them.
std::unique_ptr<mlir::Pass> createApplyScheduleLogPass(const ScheduleLogOptions &options);

} // namespace cnnc

#endif // CNNC_PASSES_SCHEDULELOG_H
