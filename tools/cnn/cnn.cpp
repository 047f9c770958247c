// cnn: the command line of the cnnc runtime. It loads a model.so built by cnnc and runs it.
#include "Commands.h"
#include "UserError.h"

#include <cstdlib>
#include <iostream>
#include <limits>

namespace cnn {

CLI::Validator numberCheck(const std::string &name, const std::string &what,
                           const std::function<bool(double)> &holds) {
  return CLI::Validator(
      [what, holds](std::string &text) {
        char *end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        return end != text.c_str() && *end == '\0' && holds(value) ? std::string()
                                                                   : what + ", got " + text;
      },
      name, name);
}

void refuseClashes(const std::vector<NamedFile> &outputs, const std::vector<NamedFile> &inputs) {
  const std::string clash = outputClash(outputs, inputs);
  if (!clash.empty())
    throw UserError(clash);
}

CLI::Validator positiveNumber() {
  return numberCheck("POSITIVE", "must be above 0", [](double value) { return value > 0.0; });
}

CLI::Validator nonNegativeNumber() {
  return numberCheck("NONNEGATIVE", "must not be negative",
                     [](double value) { return value >= 0.0; });
}

void addThreadsOption(CLI::App &app, ToolOptions &options) {
  app.add_option("--threads", options.threads,
                 "Worker threads of the generated kernels (0: one per core)")
      ->check(CLI::Range(0, std::numeric_limits<int>::max()));
}

void addParallelOption(CLI::App &app, Parallelism &parallelism) {
  app.add_option("--parallel", parallelism.mode,
                 "How training uses --threads: 'replicas' runs one replica of the forward and "
                 "backward pass per thread, each on its slice of every batch with its kernels "
                 "serial, and sums their gradients; 'kernels' runs one pass whose kernels each "
                 "split their work across the threads. Inference and validation always use the "
                 "kernels' threads")
      ->capture_default_str()
      ->check(CLI::IsMember({"replicas", "kernels"}));
  app.add_option("--micro-batch", parallelism.microBatch,
                 "Samples per forward and backward pass: each batch is computed as micro-batches "
                 "of this size, shared among the replicas (and MPI ranks), whose gradients are "
                 "summed in a fixed order; the weights depend on it, not on --threads or the "
                 "ranks")
      ->capture_default_str()
      ->check(positiveNumber());
}

} // namespace cnn

int main(int argc, char **argv) {
  CLI::App app("Run models compiled by cnnc", "cnn");
  app.require_subcommand(1);
  cnn::ToolOptions options;
  cnn::addThreadsOption(app, options);
  cnn::addSummaryCommand(app, options);
  cnn::addInitCommand(app, options);
  cnn::addRunCommand(app, options);
  cnn::addEvaluateCommand(app, options);
  cnn::addPredictCommand(app, options);
  cnn::addTrainCommand(app, options);
  cnn::addBenchCommand(app, options);
  cnn::addPlotHistoryCommand(app, options);
  cnn::addWeightsCommand(app, options);
  cnn::addKernelsCommand(app, options);
  cnn::addFeaturesCommand(app, options);
  cnn::addPlotModelCommand(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(error);
    std::cerr << "cnn: error: " << error.what() << "\n";
    return 1;
  } catch (const std::exception &error) {
    std::cout << std::flush; // what a command printed comes before its error
    std::cerr << "cnn: error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
