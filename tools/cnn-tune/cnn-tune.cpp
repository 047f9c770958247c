// cnn-tune: measures candidate schedules of every kernel of a model and logs them as JSON lines.
#include "cnnc/codegen/TargetModel.h"
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/Passes.h"
#include "cnnc/tuning/Tuner.h"

#include "Report.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace {

int fail(const std::string &message) {
  llvm::WithColor::error(llvm::errs(), "cnn-tune") << message << "\n";
  return 1;
}

/// "300", "300s", "10m" or "1h" in seconds; negative when it is none of them.
double parseDuration(const std::string &text) {
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit = end ? end : "";
  if (end == text.c_str() || value < 0)
    return -1;
  if (unit.empty() || unit == "s")
    return value;
  if (unit == "m")
    return value * 60;
  if (unit == "h")
    return value * 3600;
  return -1;
}

/// The cnn dialect of the model, as `cnnc --emit=mlir` (beside this tool) prints it: every input
/// cnnc reads, with its errors.
mlir::OwningOpRef<mlir::ModuleOp> loadModel(const char *argv0, const std::string &model,
                                            mlir::MLIRContext &context) {
  std::string self = llvm::sys::fs::getMainExecutable(argv0, (void *)&fail);
  llvm::SmallString<256> cnnc(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(cnnc, "cnnc");
  llvm::SmallString<256> ir;
  if (llvm::sys::fs::createTemporaryFile("cnn-tune", "mlir", ir))
    return nullptr;
  llvm::FileRemover remover(ir);
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::None, llvm::StringRef(ir), llvm::None};
  std::string command = cnnc.str().str();
  if (llvm::sys::ExecuteAndWait(command, {command, "--emit=mlir", model}, llvm::None, redirects) !=
      0)
    return nullptr;
  return mlir::parseSourceFile<mlir::ModuleOp>(ir, &context);
}

/// One line on a terminal, redrawn in place: the kernel, its candidates, the best so far.
void showProgress(const cnnc::TuneProgress &p) {
  if (!isatty(2))
    return;
  const cnnc::KernelOutcome &k = *p.outcome;
  double speedup = k.bestMs > 0 ? k.costModelMs / k.bestMs : 1;
  llvm::errs() << "\r\033[K[" << p.kernel << "/" << p.kernels << "] " << k.label << " "
               << k.op.substr(4) << " (" << k.role << "): " << k.measured + k.replayed
               << " candidates, best " << llvm::format("%.3f", k.bestMs) << " ms ("
               << llvm::format("%.2f", speedup) << "x the cost model)";
  if (p.secondsLeft > 0)
    llvm::errs() << ", " << (int)p.secondsLeft << " s left";
}

void printSummary(const std::vector<cnnc::KernelOutcome> &outcomes, double seconds) {
  if (isatty(2))
    llvm::errs() << "\r\033[K";
  llvm::outs() << "kernel                             role       batch   model ms    best ms "
                  "speedup  tried  best schedule\n";
  for (const cnnc::KernelOutcome &k : outcomes) {
    std::string best = "         -       -", label = k.label + " " + k.op.substr(4);
    if (k.bestMs > 0) {
      best.clear();
      llvm::raw_string_ostream(best)
          << llvm::format("%10.3f %6.2fx", k.bestMs, k.costModelMs / k.bestMs);
    }
    llvm::outs() << llvm::format("%-34s %-9s %6lld %10.3f %s %6d  %s\n", label.c_str(),
                                 k.role.c_str(), (long long)k.batch, k.costModelMs, best.c_str(),
                                 k.measured + k.replayed, k.best.c_str());
  }
  llvm::outs() << "tuned " << outcomes.size() << " kernels in " << llvm::format("%.1f", seconds)
               << " s\n";
}

/// The last line of a file, or "".
std::string lastLine(const std::string &path) {
  auto text = llvm::MemoryBuffer::getFile(path);
  if (!text)
    return "";
  llvm::StringRef lines = (*text)->getBuffer().rtrim();
  return lines.substr(lines.rfind('\n') + 1).str();
}

/// The measurement a child process printed as one JSON line, or its failure (with the last line
/// of what it wrote on its error stream).
cnnc::Measurement readMeasurement(const std::string &path, int exit, std::string why,
                                  const std::string &errors) {
  cnnc::Measurement m;
  if (why.empty())
    why = lastLine(errors);
  auto text = llvm::MemoryBuffer::getFile(path);
  nlohmann::json line =
      text ? nlohmann::json::parse((*text)->getBuffer().str(), nullptr, false) : nlohmann::json();
  if (exit != 0 || !line.is_object()) {
    m.status = "failed";
    m.error = exit == -2 ? llvm::StringRef(why).rtrim(": ").str()
                         : "the autoscheduler's process failed (exit " + std::to_string(exit) +
                               (why.empty() ? "" : ": " + why) + ")";
    return m;
  }
  m.status = line.value("status", "failed");
  m.error = line.value("error", "");
  m.medianMs = line.value("median_ms", 0.0);
  m.minMs = line.value("min_ms", 0.0);
  m.runs = line.value("runs", 0);
  m.halideSchedule = line.value("halide_schedule", "");
  return m;
}

/// Runs this tool again on one kernel with an autoscheduler, apart: a crash, a runaway search
/// or `memoryCapGiB` exceeded fails only that measurement.
cnnc::Measurement autoscheduleApart(const std::string &self, const std::vector<std::string> &base,
                                    const std::string &key, double seconds, int memoryCapGiB) {
  llvm::SmallString<256> out;
  if (llvm::sys::fs::createTemporaryFile("cnn-tune-child", "json", out)) {
    cnnc::Measurement m;
    m.status = "failed";
    m.error = "no temporary file";
    return m;
  }
  llvm::FileRemover remover(out);
  llvm::SmallString<256> errors;
  llvm::sys::fs::createTemporaryFile("cnn-tune-child", "log", errors);
  llvm::FileRemover errorsRemover(errors);
  std::vector<llvm::StringRef> args{self};
  args.insert(args.end(), base.begin(), base.end());
  args.push_back("--child-kernel");
  args.push_back(key);
  // The autoschedulers' own chatter stays out of the way unless the run fails.
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::None, llvm::StringRef(out),
                                                 llvm::StringRef(errors)};
  std::string why;
  int exit = llvm::sys::ExecuteAndWait(self, args, llvm::None, redirects, (unsigned)seconds,
                                       (unsigned)memoryCapGiB * 1024, &why);
  if (exit == -2)
    why += " after " + std::to_string((unsigned)seconds) +
           " s, its share of the budget (or it went over the memory cap, " +
           std::to_string(memoryCapGiB) + " GiB)";
  return readMeasurement(out.str().str(), exit, why, errors.str().str());
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"cnn-tune: measures candidate schedules of each kernel of a model on this "
               "machine and appends them to a log (JSON lines) that cnnc --schedule reads"};
  std::string model, logPath, budget, kernels, target = "host";
  cnnc::TuneOptions options;
  app.add_option("model", model, "The model: .cnn, .keras, .h5 or cnn dialect .mlir");
  app.add_option("--log", logPath,
                 "The schedule log to append to (its records are not measured again)");
  cnntune::ReportOptions report;
  app.add_option("--report", report.log,
                 "Instead of tuning, report what this log holds: per kernel the cost model's, "
                 "the best found and each autoscheduler's time, GFLOP/s and % of the peak, and "
                 "the cost model's rank correlation with the measurements");
  app.add_option("-o", report.png,
                 "With --report: plot the best time found against tuning time, per kernel (PNG)");
  app.add_option("--markdown", report.markdown, "With --report: also write the tables as Markdown");
  app.add_option("--model", report.model,
                 "With --report: compile this model's default and tuned libraries and time "
                 "them end to end (cnn bench)");
  app.add_option("--budget", budget, "Tuning time for the whole model: 300, 300s, 10m, 1h");
  app.add_option("--trials", options.trials, "The most candidates per kernel")
      ->check(CLI::PositiveNumber);
  int threads = 0;
  app.add_option("--threads", threads,
                 "Threads the kernels run on (default: the target's "
                 "cores, as cnnc --schedule-threads)")
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", options.seed, "The searches' seed")->capture_default_str();
  app.add_option("--kernels", kernels,
                 "Tune only kernels whose \"layer op role\" matches this "
                 "regular expression");
  app.add_option("--target", target, "Halide target of the kernels")->capture_default_str();
  app.add_option("--runs", options.runs, "Timed samples per candidate (their median counts)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--strategy", options.strategy,
                 "search (the cost model's space, sampled and refined), or one of Halide's "
                 "autoschedulers, run once per kernel: mullapudi2016, adams2019, li2018")
      ->check(CLI::IsMember({"search", "mullapudi2016", "adams2019", "li2018"}))
      ->capture_default_str();
  int memoryCapGiB = 8;
  app.add_option("--memory-cap", memoryCapGiB, "GiB an autoscheduler's process may use")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  std::string childKernel;
  app.add_option("--child-kernel", childKernel)->group(""); // one autoscheduler run, apart
  CLI11_PARSE(app, argc, argv);

  if (!report.log.empty()) {
    report.tools =
        llvm::sys::path::parent_path(llvm::sys::fs::getMainExecutable(argv[0], (void *)&fail))
            .str();
    return cnntune::writeReport(report);
  }
  if (model.empty() || logPath.empty())
    return fail("give a model and --log (or --report LOG); see --help");
  bool child = !childKernel.empty();
  if (budget.empty() && options.trials == 0 && !cnnc::isAutoscheduler(options.strategy))
    return fail("give --budget or --trials (or both)");
  if (!budget.empty() && (options.budgetSeconds = parseDuration(budget)) <= 0)
    return fail("--budget '" + budget + "' is not a duration (300, 300s, 10m, 1h)");
  options.logPath = logPath;
  options.kernelsRegex = kernels;
  options.cnncVersion = CNNC_VERSION;

  mlir::MLIRContext context;
  context.getOrLoadDialect<cnnc::cnn::CnnDialect>();
  llvm::SourceMgr sources;
  mlir::SourceMgrDiagnosticHandler diagnostics(sources, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module = loadModel(argv[0], model, context);
  if (!module)
    return 1;
  auto targetModel = cnnc::describeTarget(module->getLoc(), target);
  auto canonical = cnnc::canonicalTarget(module->getLoc(), target);
  if (mlir::failed(targetModel) || mlir::failed(canonical))
    return 1;
  if (threads > 0)
    targetModel->threads = threads;
  options.threads = targetModel->threads;
  options.target = *canonical;
  options.model = *targetModel;
  // Halide's thread pool starts with the first kernel and reads this once.
  setenv("HL_NUM_THREADS", std::to_string(options.threads).c_str(), 1);
  mlir::PassManager pm(&context);
  cnnc::buildCompilePipeline(pm, /*training=*/true, /*fuse=*/true, *targetModel);
  if (mlir::failed(pm.run(*module)))
    return 1;
  // Adams2019's beam search at its default width of 32 took 24 GiB on the book's model.
  setenv("HL_BEAM_SIZE", "8", /*overwrite=*/0);
  if (child) {
    cnnc::Measurement m = cnnc::measureAutoscheduledKernel(*module, childKernel, options);
    llvm::outs() << nlohmann::json{{"status", m.status},      {"error", m.error},
                                   {"median_ms", m.medianMs}, {"min_ms", m.minMs},
                                   {"runs", m.runs},          {"halide_schedule", m.halideSchedule}}
                        .dump()
                 << "\n";
    return 0;
  }
  std::string self = llvm::sys::fs::getMainExecutable(argv[0], (void *)&fail);
  std::vector<std::string> childArgs{model,
                                     "--log",
                                     logPath,
                                     "--strategy",
                                     options.strategy,
                                     "--threads",
                                     std::to_string(options.threads),
                                     "--target",
                                     target,
                                     "--seed",
                                     std::to_string(options.seed),
                                     "--runs",
                                     std::to_string(options.runs)};
  options.autoschedule = [&](const std::string &key, const std::string &, double seconds) {
    return autoscheduleApart(self, childArgs, key, seconds, memoryCapGiB);
  };

  std::string error;
  auto start = std::chrono::steady_clock::now();
  auto outcomes = cnnc::tuneModule(
      *module, options, showProgress,
      [](const std::string &warning) {
        llvm::WithColor::warning(llvm::errs(), "cnn-tune") << warning << "\n";
      },
      error);
  if (mlir::failed(outcomes))
    return fail(error);
  printSummary(*outcomes,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}
