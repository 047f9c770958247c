// Tuning every kernel of a model: a search per kernel within a budget, each measurement logged.
#ifndef CNNC_TUNING_TUNER_H
#define CNNC_TUNING_TUNER_H

#include "cnnc/passes/Passes.h"
#include "cnnc/passes/ScheduleLog.h"
#include "cnnc/tuning/KernelBench.h"

#include "mlir/IR/BuiltinOps.h"

#include <functional>
#include <string>
#include <vector>

namespace cnnc {

struct TuneOptions {
  std::string logPath;      // appended to; its records are not measured again
  std::string target;       // a Halide target string (canonical)
  TargetModel model;        // the cost model's view of it, for each candidate's prediction
  std::string cnncVersion;  // recorded with each line
  double budgetSeconds = 0; // the whole run's, shared among the kernels; 0: none
  int trials = 0;           // the most candidates per kernel; 0: none (a budget is then needed)
  int threads = 1;          // of Halide's thread pool, as the kernels will run
  uint64_t seed = 1;
  std::string kernelsRegex; // tune only kernels whose "label op role" matches
  int runs = 7;             // timed samples per candidate
  int trainingBatch = 32, inferenceBatch = 256;
  // "search", or one of Halide's autoschedulers: "mullapudi2016", "adams2019", "li2018".
  std::string strategy = "search";
  // Measures kernel `key` scheduled by an autoscheduler within `seconds`, apart from this
  // process (the caller's choice: a child process, with a memory cap).
  std::function<Measurement(const std::string &key, const std::string &strategy, double seconds)>
      autoschedule;
};

/// The strategies: "search" and the autoschedulers.
bool isAutoscheduler(const std::string &strategy);

/// A kernel to tune: the first op computing it (for the update kernel that every parameter
/// shares, the largest parameter's), in its role.
struct KernelToTune {
  mlir::Operation *op;
  KernelRole role;
  ScheduleSpace space;
  std::string key, label;
};

/// The module's distinct kernels whose "label op role" matches `regex` (all for ""), in order.
std::vector<KernelToTune> kernelsToTune(mlir::ModuleOp module, const std::string &regex);

/// The batch a kernel is tuned at: the training program's or the inference program's.
int64_t tuningBatch(const KernelToTune &kernel, const TuneOptions &options);

/// Measures one kernel scheduled by `options.strategy`'s autoscheduler, on this process's
/// inputs, after the cost model's schedule that gives the reference output.
Measurement measureAutoscheduledKernel(mlir::ModuleOp module, const std::string &key,
                                       const TuneOptions &options);

/// How tuning one kernel went.
struct KernelOutcome {
  std::string key, label, op, role;
  int64_t batch = 0;
  double costModelMs = 0, bestMs = 0; // medians; bestMs 0: nothing measured beside the cost model
  int measured = 0, replayed = 0, failed = 0;
  std::string best; // the best schedule, printed, or the autoscheduler and how it went
};

/// What the tuner reports as it goes: the kernel (1-based of `kernels`), the candidates so far,
/// the best time, and the seconds left of the budget.
struct TuneProgress {
  int kernel = 0, kernels = 0;
  const KernelOutcome *outcome = nullptr;
  double secondsLeft = 0;
};

/// Tunes every kernel of `module` (after the compile pipeline; kernels computing the same thing
/// once) with ScheduleSearch on KernelBench measurements. The cost model's schedule is measured
/// first and is the reference output; every candidate goes to the log as one line, unless the
/// log holds it already, whose record then stands for it. Budget: a quarter shared equally by the
/// kernels, three quarters by their share of the floating-point work. Errors (the log cannot be
/// read or written) go to `error`.
mlir::FailureOr<std::vector<KernelOutcome>>
tuneModule(mlir::ModuleOp module, const TuneOptions &options,
           const std::function<void(const TuneProgress &)> &progress,
           const std::function<void(const std::string &)> &warn, std::string &error);

} // namespace cnnc

#endif // CNNC_TUNING_TUNER_H
