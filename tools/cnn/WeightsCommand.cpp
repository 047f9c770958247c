// cnn weights M.so --layer L [-o H.png]: a layer's weight statistics and its kernel's histogram.
#include "Chart.h"
#include "Commands.h"
#include "ModelLibrary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct WeightsOptions {
  std::string modelPath;
  std::string weights;
  uint64_t seed = 42;
  std::string layer;
  std::string output;
  int bins = 40;
  bool printBins = false;
};

struct Param {
  cnn_tensor_info info;
  std::vector<float> values;
};

// "(3, 3, 1, 32)", "(32,)".
std::string formatShape(const cnn_tensor_info &info) {
  std::string text = "(";
  for (int d = 0; d < info.rank; ++d)
    text += (d ? ", " : "") + std::to_string(info.shape[d]);
  return text + (info.rank == 1 ? ",)" : ")");
}

// The parameters of `layer` ("conv2d.kernel", "conv2d.bias"), with their values.
std::vector<Param> layerParams(const ModelLibrary &library, const std::string &layer) {
  cnn_model *model = library.model();
  std::vector<Param> params;
  for (int p = 0; p < cnn_num_params(model); ++p) {
    Param param;
    library.check(cnn_param_info(model, p, &param.info));
    if (std::string(param.info.name).rfind(layer + ".", 0) != 0)
      continue;
    size_t count = 1;
    for (int d = 0; d < param.info.rank; ++d)
      count *= static_cast<size_t>(param.info.shape[d]);
    param.values.resize(count);
    library.check(cnn_get_param(model, param.info.name, param.values.data(), count));
    params.push_back(std::move(param));
  }
  return params;
}

// "unknown layer" or "has no weights", naming the layers that have weights.
// "; the layers with weights are conv2d, dense": what a refused --layer could have been.
std::string layersWithWeights(const ModelLibrary &library) {
  std::string names;
  for (int l = 0; l < cnn_num_layers(library.model()); ++l) {
    const cnn_layer_info info = library.layerInfo(l);
    if (info.num_params > 0)
      names += (names.empty() ? "" : ", ") + std::string(info.name);
  }
  return "; the layers with weights are " + names;
}

void drawHistogram(const WeightsOptions &options, const Param &kernel) {
  const auto [low, high] = std::minmax_element(kernel.values.begin(), kernel.values.end());
  const double width = (*high - *low) / options.bins;
  std::vector<double> counts(static_cast<size_t>(options.bins));
  for (const float value : kernel.values) {
    // numpy.histogram's bins: the last one includes its right edge.
    const int bin = width > 0 ? static_cast<int>((value - *low) / width) : 0;
    ++counts[std::min(bin, options.bins - 1)];
  }
  const double left = *low, right = width > 0 ? *high : *low + 1;
  const double step = (right - left) / options.bins;
  Canvas canvas(640, 480);
  Axes axes(canvas, 80, 50, 535, 360, withMargins({left, right}),
            {0, *std::max_element(counts.begin(), counts.end()) * 1.05});
  for (int b = 0; b < options.bins; ++b)
    axes.bar(left + b * step, left + (b + 1) * step, counts[b], kBlue);
  axes.finish("weight", "count", std::string(kernel.info.name));
  canvas.save(options.output);
  if (!options.printBins)
    return;
  char line[128];
  for (int b = 0; b < options.bins; ++b) {
    std::snprintf(line, sizeof line, "bin %2d  %9.4f .. %9.4f  %g\n", b, left + b * step,
                  left + (b + 1) * step, counts[b]);
    std::cout << line;
  }
}

void showWeights(const WeightsOptions &options, int threads) {
  refuseClashes({{"-o", options.output}},
                {{"the model library", options.modelPath}, {"--weights", options.weights}});
  const ModelLibrary library(options.modelPath, threads);
  const int layer = library.findLayer(options.layer, layersWithWeights(library));
  if (library.layerInfo(layer).num_params == 0)
    throw UserError("layer '" + options.layer + "' has no weights" + layersWithWeights(library));
  library.loadWeightsOrInit(options.weights, options.seed);

  const std::vector<Param> params = layerParams(library, options.layer);
  char line[256];
  for (const Param &param : params) {
    double sum = 0, squares = 0;
    for (const float value : param.values)
      sum += value;
    const double mean = sum / param.values.size();
    for (const float value : param.values)
      squares += (value - mean) * (value - mean);
    std::snprintf(line, sizeof line, "%s %s: mean %.4f, std %.4f\n", param.info.name,
                  formatShape(param.info).c_str(), mean, std::sqrt(squares / param.values.size()));
    std::cout << line;
  }
  if (!options.output.empty())
    drawHistogram(options, params.front());
}

} // namespace

void addWeightsCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "weights", "Print a layer's weight statistics and draw its kernel's histogram as PNG");
  auto weights = std::make_shared<WeightsOptions>();
  command->add_option("model", weights->modelPath, "The model library built by cnnc")->required();
  auto *weightsOption = command->add_option(
      "--weights", weights->weights,
      "The safetensors weights (default: those compiled in, else Glorot-initialised)");
  command
      ->add_option("--seed", weights->seed, "Seed of the Glorot initialisation without --weights")
      ->capture_default_str()
      ->excludes(weightsOption);
  command->add_option("--layer", weights->layer, "The layer, e.g. conv2d")->required();
  auto *output = command->add_option("-o,--output", weights->output,
                                     "The PNG file for the kernel's histogram");
  command->add_option("--bins", weights->bins, "The histogram's bins")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  command->add_flag("--print-bins", weights->printBins, "Print each bin's range and count")
      ->needs(output);
  addThreadsOption(*command, options);
  command->callback([weights, &options] { showWeights(*weights, options.threads); });
}

} // namespace cnn
