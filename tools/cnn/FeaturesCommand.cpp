// cnn features M.so --weights W --layer L --data D --index I -o F.png: one image's feature maps
// at a layer (its output after the activation, as Keras shows them), each map scaled to its own
// min..max as imshow does.
#include "Commands.h"
#include "Data.h"
#include "ImageGrid.h"
#include "Summary.h"

#include <algorithm>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct FeaturesOptions : DataOptions {
  std::string layer;
  int64_t index = 0;
  std::string output;
};

void drawFeatures(const FeaturesOptions &options, int threads) {
  refuseClashes({{"-o", options.output}}, inputFiles(options));
  checkDataSource(options.source, Labels::Optional);
  const ModelLibrary library(options.modelPath, threads);
  cnn_model *model = library.model();
  const cnn_layer_info info = library.layerInfo(library.findLayer(options.layer));
  if (info.rank != 4)
    throw UserError("layer '" + options.layer + "' outputs " + formatLayerShape(info, "None") +
                    "; features draws layers whose output is an image (None, H, W, C)");
  library.loadWeights(options.weights);
  const Dataset data = loadDataset(library, options.source, "test", Labels::Optional);
  checkIndex(options.index, data);

  const int64_t h = info.shape[1], w = info.shape[2], channels = info.shape[3];
  const std::vector<const float *> inputs = data.inputsFrom(options.index);
  std::vector<float> maps(static_cast<size_t>(h * w * channels));
  library.check(
      cnn_layer_output(model, options.layer.c_str(), 1, inputs.data(), maps.data(), maps.size()));

  std::vector<GridImage> images(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    GridImage &image = images[c];
    image.title = std::to_string(c);
    image.rows = h;
    image.cols = w;
    for (int64_t p = 0; p < h * w; ++p)
      image.values.push_back(maps[p * channels + c]);
    const auto [low, high] = std::minmax_element(image.values.begin(), image.values.end());
    image.vmin = *low;
    image.vmax = *high;
  }
  std::string labelText;
  if (data.hasLabels()) {
    const int32_t label = data.labels()[options.index];
    labelText = " (" + classNames(data, label + 1)[label] + ")";
  }
  const int columns = static_cast<int>(std::min<int64_t>(8, channels));
  drawImageGrid(options.layer + " feature maps " + formatLayerShape(info, "1") + " of " +
                    data.info().description + ", sample " + std::to_string(options.index) +
                    labelText + "; each map over its own min..max",
                images, columns, 112, options.output);
  std::cout << "wrote " << options.output << ": " << channels << " feature maps " << h << "x" << w
            << " of " << options.layer << ", " << (channels + columns - 1) / columns << " x "
            << columns << "\n";
}

} // namespace

void addFeaturesCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "features", "Draw one image's feature maps at a layer as PNG (the book's figure)");
  auto features = std::make_shared<FeaturesOptions>();
  addDataOptions(*command, *features);
  command->add_option("--layer", features->layer, "A layer whose output is (None, H, W, C)")
      ->required();
  command->add_option("--index", features->index, "The image's index in the split")->required();
  command->add_option("-o,--output", features->output, "The PNG file to write")->required();
  addThreadsOption(*command, options);
  command->callback([features, &options] { drawFeatures(*features, options.threads); });
}

} // namespace cnn
