// cnn evaluate M.so --weights W --data D | --x X --y Y: the loss and metrics of every output on a
// labelled split, like Keras.
#include "Commands.h"
#include "Data.h"
#include "Summary.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct EvaluateOptions : DataOptions {
  int64_t batchSize = 32;
};

void evaluate(const EvaluateOptions &options, int threads) {
  checkDataSource(options.source, Labels::Required);
  const ModelLibrary library(options.modelPath, threads);
  library.loadWeights(options.weights);
  const Dataset data = loadDataset(library, options.source, "test", Labels::Required);

  // A trained model reports compile()'s metrics; an inference-only one the first output's
  // cross-entropy and accuracy.
  std::vector<std::string> names = metricNames(library);
  std::vector<double> values(names.size());
  const auto start = std::chrono::steady_clock::now();
  if (names.empty()) {
    names = {"loss", "accuracy"};
    values.resize(2);
    library.check(cnn_evaluate(library.model(), data.inputs(), data.labels(), data.count(),
                               options.batchSize, &values[0], &values[1]));
  } else {
    library.check(cnn_evaluate_targets(library.model(), data.inputs(), data.targets(), data.count(),
                                       options.batchSize, values.data()));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const int64_t rate =
      static_cast<int64_t>(static_cast<double>(data.count()) / std::max(seconds, 1e-9) + 0.5);
  for (size_t m = 0; m < names.size(); ++m)
    std::cout << (m ? " - " : "") << formatMetric(names[m], values[m]);
  std::cout << "\n" << std::flush; // before the timing, also when both go to one pipe
  char line[128];
  const char *unit = data.info().unit.c_str();
  std::snprintf(line, sizeof line, "evaluated %s %s in %.2f s (%s %s/s)\n",
                withThousands(data.count()).c_str(), unit, seconds, withThousands(rate).c_str(),
                unit);
  std::cerr << line;
}

} // namespace

void addEvaluateCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "evaluate", "Print the loss and metrics on a labelled data set, like Keras's evaluate()");
  auto evaluateOptions = std::make_shared<EvaluateOptions>();
  addDataOptions(*command, *evaluateOptions);
  command->add_option("--batch-size", evaluateOptions->batchSize, "Samples per forward pass")
      ->capture_default_str()
      ->check(positiveNumber());
  addThreadsOption(*command, options);
  command->callback([evaluateOptions, &options] { evaluate(*evaluateOptions, options.threads); });
}

} // namespace cnn
