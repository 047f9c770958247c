// cnn predict M.so --weights W --data D --index I [-o P.png]: one image's class probabilities.
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
  const ModelLibrary library(options.modelPath, threads);
  cnn_model *model = library.model();
  library.loadWeights(options.weights);
  const int64_t classes = classCount(library);
  const Dataset data(library, options.data, options.split);
  if (options.index < 0 || options.index >= data.count())
    throw UserError("--index " + std::to_string(options.index) + " is outside 0.." +
                    std::to_string(data.count() - 1) + " (the " + options.split + " split of " +
                    options.data + " holds " + withThousands(data.count()) + " images)");

  const float *inputs[] = {data.images() + options.index * data.imageSize()};
  std::vector<float> probabilities(static_cast<size_t>(classes));
  const cnn_layer_info output = library.layerInfo(cnn_output_layer(model, 0));
  library.check(
      cnn_layer_output(model, output.name, 1, inputs, probabilities.data(), probabilities.size()));

  const std::vector<std::string> names = classNames(options.data, classes);
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
  const int32_t label = data.labels()[options.index];
  std::snprintf(line, sizeof line, "predicted: %s (%.4f), label: %s\n", names[predicted].c_str(),
                probabilities[predicted],
                label < classes ? names[label].c_str()
                                : ("class " + std::to_string(label)).c_str());
  std::cout << line;
  if (!options.output.empty())
    drawProbabilities(options.output, probabilities, names, predicted);
}

} // namespace

void addPredictCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "predict", "Print the class probabilities of one image of a labelled data set");
  auto predictOptions = std::make_shared<PredictOptions>();
  addDataOptions(*command, *predictOptions);
  command->add_option("--index", predictOptions->index, "The image's index in the split")
      ->required();
  command->add_option("-o,--output", predictOptions->output,
                      "Draw the probabilities' bar chart to this PNG file");
  addThreadsOption(*command, options);
  command->callback([predictOptions, &options] { predict(*predictOptions, options.threads); });
}

} // namespace cnn
