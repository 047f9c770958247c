// cnn predict M.so --weights W --data D | --x X [--y Y] --index I [-o P.png]: one sample's class
// probabilities.
#include "Chart.h"
#include "Commands.h"
#include "Data.h"
#include "Summary.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct PredictOptions : DataOptions {
  int64_t index = 0;
  std::string output;
};

// The book's bar chart: one bar per class over 0..1, the predicted class's in orange.
void drawProbabilities(const std::string &path, const std::vector<float> &probabilities,
                       const std::vector<std::string> &names, int64_t predicted) {
  const int64_t classes = static_cast<int64_t>(probabilities.size());
  Canvas canvas(640, 480);
  Axes axes(canvas, 80, 50, 535, 320, {-0.6, classes - 0.4}, {0, 1});
  for (int64_t c = 0; c < classes; ++c)
    axes.bar(c - 0.4, c + 0.4, probabilities[c], c == predicted ? kOrange : kBlue);
  axes.categoryXTicks(names);
  axes.finish("class", "probability", "predicted: " + names[predicted]);
  canvas.save(path);
}

void predict(const PredictOptions &options, int threads) {
  refuseClashes({{"-o", options.output}}, inputFiles(options));
  checkDataSource(options.source, Labels::Optional);
  const ModelLibrary library(options.modelPath, threads);
  cnn_model *model = library.model();
  library.loadWeights(options.weights);
  const int64_t classes = classCount(library);
  const Dataset data = loadDataset(library, options.source, "test", Labels::Optional);
  checkIndex(options.index, data);

  const std::vector<const float *> inputs = data.inputsFrom(options.index);
  std::vector<float> probabilities(static_cast<size_t>(classes));
  const cnn_layer_info output = library.layerInfo(cnn_output_layer(model, 0));
  library.check(cnn_layer_output(model, output.name, 1, inputs.data(), probabilities.data(),
                                 probabilities.size()));

  const std::vector<std::string> names = classNames(data, classes);
  size_t width = 0;
  for (const std::string &name : names)
    width = std::max(width, name.size());
  const int64_t predicted =
      std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin();
  char line[256];
  for (int64_t c = 0; c < classes; ++c) {
    std::snprintf(line, sizeof line, "%-*s  %.6f%s\n", static_cast<int>(width), names[c].c_str(),
                  probabilities[c], c == predicted ? "  <- largest" : "");
    std::cout << line;
  }
  std::snprintf(line, sizeof line, "predicted: %s (%.4f)", names[predicted].c_str(),
                probabilities[predicted]);
  std::cout << line;
  if (data.hasLabels()) {
    const int32_t label = data.labels()[options.index];
    std::cout << ", label: " << (label < classes ? names[label] : "class " + std::to_string(label));
  }
  std::cout << "\n";
  if (!options.output.empty())
    drawProbabilities(options.output, probabilities, names, predicted);
}

} // namespace

void addPredictCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command =
      cnn.add_subcommand("predict", "Print the class probabilities of one sample of a data set");
  auto predictOptions = std::make_shared<PredictOptions>();
  addDataOptions(*command, *predictOptions);
  command
      ->add_option("--index", predictOptions->index,
                   "The sample's index in the data set (or its split)")
      ->required();
  command->add_option("-o,--output", predictOptions->output,
                      "Draw the probabilities' bar chart to this PNG file");
  addThreadsOption(*command, options);
  command->callback([predictOptions, &options] { predict(*predictOptions, options.threads); });
}

} // namespace cnn
