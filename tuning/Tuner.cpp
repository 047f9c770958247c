// The tuning run: each kernel's search within its share of the budget, resumed from the log.
#include "cnnc/tuning/Tuner.h"
#include "cnnc/codegen/Flops.h"
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/KernelKey.h"
#include "cnnc/tuning/KernelBench.h"
#include "cnnc/tuning/Peak.h"
#include "cnnc/tuning/ScheduleSearch.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Regex.h"

#include <chrono>
#include <map>
#include <memory>

namespace cnnc {
namespace {

/// The elements an update kernel updates: the parameter of its op.
int64_t updatedElements(mlir::Operation *op) {
  return op->getOperand(0).getType().cast<mlir::ShapedType>().getNumElements();
}

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// What a record is found by in a run's records of a kernel: its schedule, its latency check's,
/// or the autoscheduler that made it.
std::string recordName(const std::string &strategy, const std::string &schedule) {
  if (strategy == "latency")
    return "latency " + schedule;
  return schedule.empty() ? strategy : schedule;
}

/// The seed of one kernel's search: the run's, mixed with the kernel's key.
uint64_t kernelSeed(uint64_t seed, const std::string &key) {
  return seed ^ std::stoull(key.substr(0, 15), nullptr, 16);
}

} // namespace

bool isAutoscheduler(const std::string &strategy) {
  return strategy == "mullapudi2016" || strategy == "adams2019" || strategy == "li2018";
}

std::vector<KernelToTune> kernelsToTune(mlir::ModuleOp module, const std::string &regex) {
  std::vector<KernelToTune> kernels;
  std::map<std::string, size_t> indexOf;
  llvm::Regex filter(regex);
  forEachKernel(module, [&](mlir::Operation *op, KernelRole role, const ScheduleSpace &space) {
    std::string key = kernelKey(op, role), label = cnn::modelLabel(op).str();
    std::string text =
        label + " " + op->getName().getStringRef().str() + " " + roleName(role).str();
    if (!regex.empty() && !filter.match(text))
      return;
    auto [entry, isNew] = indexOf.try_emplace(key, kernels.size());
    if (isNew)
      kernels.push_back({op, role, space, key, label});
    else if (cnn::isOptimizerUpdate(op) &&
             updatedElements(op) > updatedElements(kernels[entry->second].op))
      kernels[entry->second] = {op, role, space, key, label};
  });
  return kernels;
}

int64_t tuningBatch(const KernelToTune &kernel, const TuneOptions &options) {
  return kernel.role == KernelRole::Inference ? options.inferenceBatch : options.trainingBatch;
}

Measurement measureAutoscheduledKernel(mlir::ModuleOp module, const std::string &key,
                                       const TuneOptions &options) {
  static const std::map<std::string, std::pair<std::string, std::string>> plugins = {
      {"mullapudi2016", {"Mullapudi2016", CNNC_MULLAPUDI2016_PLUGIN}},
      {"adams2019", {"Adams2019", CNNC_ADAMS2019_PLUGIN}},
      {"li2018", {"Li2018", CNNC_LI2018_PLUGIN}}};
  Measurement result;
  result.status = "failed";
  for (const KernelToTune &k : kernelsToTune(module, "")) {
    if (k.key != key)
      continue;
    auto costModel = scheduleOf(k.op, k.role);
    auto [name, plugin] = plugins.at(options.strategy);
    Halide::load_plugin(plugin);
    KernelBench bench(module, k.op, k.role, tuningBatch(k, options), Halide::Target(options.target),
                      options.seed, options.runs);
    if (mlir::failed(costModel) || bench.measure(*costModel).status != "ok") {
      result.error = "the cost model's schedule did not run";
      return result;
    }
    return bench.measureAutoscheduled(name, options.threads);
  }
  result.error = "the model has no kernel " + key;
  return result;
}

namespace {

/// One tuning run: the log's records, the clock, and each kernel's tuning by the strategy.
class TuningRun {
public:
  TuningRun(mlir::ModuleOp module, const TuneOptions &options,
            const std::function<void(const TuneProgress &)> &progress,
            const std::function<void(const std::string &)> &warn)
      : module(module), options(options), progress(progress), warn(warn), target(options.target) {}

  mlir::LogicalResult readLog(std::string &error) {
    if (!llvm::sys::fs::exists(options.logPath))
      return mlir::success();
    auto records = readScheduleLog(options.logPath, warn, error);
    if (mlir::failed(records))
      return mlir::failure();
    for (const ScheduleRecord &r : *records)
      if (r.target == options.target && r.threads == options.threads)
        logged.emplace(std::make_pair(r.kernel, recordName(r.strategy, r.schedule)), r);
    return mlir::success();
  }

  mlir::FailureOr<std::vector<KernelOutcome>> run(std::string &error) {
    std::vector<KernelToTune> kernels = kernelsToTune(module, options.kernelsRegex);
    // The peak every kernel's GFLOP/s is compared with, measured in the same run.
    ScheduleRecord peak = recordOf("peak");
    try {
      peak.gflops = measurePeakGflops(target, options.threads);
    } catch (const Halide::Error &e) {
      peak.status = "failed";
      peak.error = e.what();
    }
    if (mlir::failed(appendScheduleRecord(options.logPath, peak, error)))
      return mlir::failure();
    std::vector<double> weights = budgetWeights(kernels);
    std::vector<KernelOutcome> outcomes;
    for (size_t index = 0; index < kernels.size(); ++index) {
      double left = options.budgetSeconds - secondsSince(start);
      if (options.budgetSeconds > 0 && left <= 0) {
        warn("the budget ran out before " + std::to_string(kernels.size() - index) +
             " kernels, which keep the cost model's schedule");
        break;
      }
      KernelOutcome outcome = outcomeOf(kernels[index]);
      TuneProgress report{(int)index + 1, (int)kernels.size(), &outcome, 0};
      double weightLeft = 0;
      for (size_t j = index; j < kernels.size(); ++j)
        weightLeft += weights[j];
      if (mlir::failed(
              tune(kernels[index], left * weights[index] / weightLeft, outcome, report, error)))
        return mlir::failure();
      outcomes.push_back(outcome);
    }
    return outcomes;
  }

private:
  /// Each kernel's part of the budget: a quarter shared equally, three quarters by its
  /// floating-point work at its batch, where the time (and what tuning can save) is.
  std::vector<double> budgetWeights(const std::vector<KernelToTune> &kernels) {
    std::vector<double> flops;
    double total = 0;
    for (const KernelToTune &k : kernels) {
      flops.push_back(flopsPerSample(k.op) * (double)tuningBatch(k, options));
      total += flops.back();
    }
    std::vector<double> weights;
    for (double work : flops)
      weights.push_back(0.25 / (double)kernels.size() + (total > 0 ? 0.75 * work / total : 0));
    return weights;
  }

  KernelOutcome outcomeOf(const KernelToTune &k) {
    KernelOutcome outcome;
    outcome.key = k.key;
    outcome.label = k.label;
    outcome.op = k.op->getName().getStringRef().str();
    outcome.role = roleName(k.role).str();
    outcome.batch = tuningBatch(k, options);
    return outcome;
  }

  /// The cost model's schedule first (its output the reference), then the strategy's
  /// candidates until the kernel's share of the budget or its trials are spent.
  mlir::LogicalResult tune(const KernelToTune &k, double share, KernelOutcome &outcome,
                           TuneProgress &report, std::string &error) {
    Clock::time_point kernelStart = Clock::now();
    auto costModel = scheduleOf(k.op, k.role);
    if (mlir::failed(costModel)) {
      error = "kernel " + k.key + " has no schedule";
      return mlir::failure();
    }
    KernelBench bench(module, k.op, k.role, outcome.batch, target, options.seed, options.runs);
    std::unique_ptr<KernelBench> latencyBench; // made for the first latency check
    ScheduleSearch search(k.space, *costModel, kernelSeed(options.seed, k.key));
    for (int trial = 0; auto candidate = search.next(); ++trial) {
      bool first = trial == 0;
      if (!first &&
          (isAutoscheduler(options.strategy) || (options.trials > 0 && trial >= options.trials) ||
           (options.budgetSeconds > 0 && secondsSince(kernelStart) >= share)))
        break;
      std::string printed = "#cnn." + printSchedule(*candidate);
      auto found = logged.find({k.key, printed});
      llvm::Optional<double> ms;
      // The first candidate always runs: its output is what the others must reproduce.
      if (found != logged.end() && !first) {
        ++outcome.replayed;
        if (found->second.status == "ok")
          ms = outcome.costModelMs * found->second.vsCostModel;
      } else {
        // Times next to the cost model's, so that drift between candidates does not rank them.
        Measurement m = bench.measure(*candidate);
        ++outcome.measured;
        if (m.status == "ok")
          ms = first ? m.medianMs : outcome.costModelMs * m.vsFirst;
        if (found == logged.end() &&
            mlir::failed(append(k, outcome, first ? "cost-model" : "search", &*candidate, m,
                                outcome.batch, error)))
          return mlir::failure();
      }
      // A candidate about to become the best is checked at the latency batch too.
      bool newBest = !first && ms && (!search.bestMs() || *ms < *search.bestMs());
      if (newBest && k.role == KernelRole::Inference && outcome.batch != kLatencyBatch) {
        auto passes = passesLatencyCheck(k, *costModel, *candidate, outcome, latencyBench, error);
        if (mlir::failed(passes))
          return mlir::failure();
        if (!*passes)
          ms = llvm::None;
      }
      if (!ms)
        ++outcome.failed;
      if (first && !ms) {
        warn("the cost model's schedule of kernel " + k.key + " (" + k.label +
             ") did not run; the kernel is not tuned");
        return mlir::success();
      }
      if (first)
        outcome.costModelMs = *ms;
      search.record(*candidate, ms);
      outcome.bestMs = search.bestMs().getValueOr(0);
      outcome.best = "#cnn." + printSchedule(search.best());
      show(report);
    }
    if (isAutoscheduler(options.strategy) && !logged.count({k.key, options.strategy})) {
      // Its share of the budget, but half a minute at least; without a budget, no limit.
      double seconds =
          options.budgetSeconds > 0 ? std::max(share - secondsSince(kernelStart), 30.0) : 0;
      Measurement m = options.autoschedule(k.key, options.strategy, seconds);
      ++outcome.measured;
      if (m.status != "ok")
        ++outcome.failed;
      if (mlir::failed(append(k, outcome, options.strategy, nullptr, m, outcome.batch, error)))
        return mlir::failure();
      outcome.best = options.strategy + (m.status == "ok" ? "" : " " + m.status + ": " + m.error);
      outcome.bestMs = m.status == "ok" ? m.medianMs : 0;
      show(report);
    }
    return mlir::success();
  }

  /// Whether `candidate` is at most kLatencySlack times the cost model's schedule at the latency
  /// batch: from the log's latency check of it, or measured (next to the cost model's, which
  /// `latencyBench`, made on the first check, measures first) and logged.
  mlir::FailureOr<bool> passesLatencyCheck(const KernelToTune &k, const Schedule &costModel,
                                           const Schedule &candidate, KernelOutcome &outcome,
                                           std::unique_ptr<KernelBench> &latencyBench,
                                           std::string &error) {
    auto found = logged.find({k.key, recordName("latency", "#cnn." + printSchedule(candidate))});
    if (found != logged.end())
      return latencyCheckPasses(found->second.status, found->second.vsCostModel);
    if (!latencyBench) {
      latencyBench = std::make_unique<KernelBench>(module, k.op, k.role, kLatencyBatch, target,
                                                   options.seed, options.runs);
      Measurement reference = latencyBench->measure(costModel);
      if (!logged.count({k.key, recordName("latency", "#cnn." + printSchedule(costModel))}) &&
          mlir::failed(append(k, outcome, "latency", &costModel, reference, kLatencyBatch, error)))
        return mlir::failure();
      if (reference.status != "ok") {
        warn("the cost model's schedule of kernel " + k.key + " (" + k.label +
             ") did not run at the latency batch; the kernel keeps the cost model's schedule");
        latencyBench.reset(); // with no reference, a later check would pass anything
        return false;
      }
    }
    Measurement m = latencyBench->measure(candidate);
    if (mlir::failed(append(k, outcome, "latency", &candidate, m, kLatencyBatch, error)))
      return mlir::failure();
    return latencyCheckPasses(m.status, m.vsFirst);
  }

  void show(TuneProgress &report) {
    report.secondsLeft =
        options.budgetSeconds > 0 ? options.budgetSeconds - secondsSince(start) : 0;
    progress(report);
  }

  /// A record of this run: its target, threads, version, seed and time.
  ScheduleRecord recordOf(const std::string &strategy) {
    ScheduleRecord r;
    r.strategy = strategy;
    r.status = "ok";
    r.target = options.target;
    r.threads = options.threads;
    r.cnnc = options.cnncVersion;
    r.seed = options.seed;
    r.elapsedS = secondsSince(start);
    return r;
  }

  /// Appends a measurement of `schedule` (none: the strategy's own, an autoscheduler's) at
  /// `batch`.
  mlir::LogicalResult append(const KernelToTune &k, const KernelOutcome &outcome,
                             const std::string &strategy, const Schedule *measured,
                             const Measurement &m, int64_t batch, std::string &error) {
    double flops = flopsPerSample(k.op) * (double)batch;
    std::string schedule = measured ? "#cnn." + printSchedule(*measured) : "";
    ScheduleRecord r = recordOf(strategy);
    r.kernel = k.key;
    r.op = outcome.op;
    r.label = outcome.label;
    r.role = outcome.role;
    r.batch = batch;
    r.schedule = schedule;
    r.medianMs = m.medianMs;
    r.minMs = m.minMs;
    r.runs = m.runs;
    r.status = m.status;
    r.error = m.error;
    r.halideSchedule = m.halideSchedule;
    r.vsCostModel = m.vsFirst;
    r.gflops = m.status == "ok" && flops > 0 ? flops / (m.medianMs * 1e6) : 0;
    r.modelCycles = measured ? modelledCycles(k.op, *measured, options.model, batch) : 0;
    if (mlir::failed(appendScheduleRecord(options.logPath, r, error)))
      return mlir::failure();
    logged.emplace(std::make_pair(k.key, recordName(strategy, schedule)), r);
    return mlir::success();
  }

  mlir::ModuleOp module;
  const TuneOptions &options;
  const std::function<void(const TuneProgress &)> &progress;
  const std::function<void(const std::string &)> &warn;
  Halide::Target target;
  // By kernel and schedule, or strategy for an autoscheduler's record.
  std::map<std::pair<std::string, std::string>, ScheduleRecord> logged;
  Clock::time_point start = Clock::now();
};

} // namespace

mlir::FailureOr<std::vector<KernelOutcome>>
tuneModule(mlir::ModuleOp module, const TuneOptions &options,
           const std::function<void(const TuneProgress &)> &progress,
           const std::function<void(const std::string &)> &warn, std::string &error) {
  TuningRun run(module, options, progress, warn);
  if (mlir::failed(run.readLog(error)))
    return mlir::failure();
  return run.run(error);
}

} // namespace cnnc
