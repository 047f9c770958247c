// cnn kernels M.so [--weights W] --layer L -o K.png: a Conv2D layer's kernels for one input
// channel, drawn as the book does (imshow, viridis over -0.5..0.5, no axes).
#include "Commands.h"
#include "ImageGrid.h"
#include "ModelLibrary.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct KernelsOptions {
  std::string modelPath;
  std::string weights;
  uint64_t seed = 42;
  std::string layer;
  int64_t channel = 0;
  std::string output;
};

// The shape of parameter `name`; throws UserError when the model has none.
cnn_tensor_info paramInfo(const ModelLibrary &library, const std::string &name) {
  for (int p = 0; p < cnn_num_params(library.model()); ++p) {
    cnn_tensor_info info;
    library.check(cnn_param_info(library.model(), p, &info));
    if (name == info.name)
      return info;
  }
  throw UserError("model '" + std::string(cnn_model_name(library.model())) +
                  "' has no parameter '" + name + "'");
}

void drawKernels(const KernelsOptions &options, int threads) {
  refuseClashes({{"-o", options.output}},
                {{"the model library", options.modelPath}, {"--weights", options.weights}});
  const ModelLibrary library(options.modelPath, threads);
  cnn_model *model = library.model();
  const cnn_layer_info info = library.layerInfo(library.findLayer(options.layer));
  if (std::string(info.type) != "Conv2D")
    throw UserError("layer '" + options.layer + "' is " + info.type +
                    "; kernels draws Conv2D layers");
  library.loadWeightsOrInit(options.weights, options.seed);

  // Keras's layout: (kh, kw, input channels, filters).
  const std::string name = options.layer + ".kernel";
  const cnn_tensor_info kernel = paramInfo(library, name);
  const int64_t kh = kernel.shape[0], kw = kernel.shape[1], channels = kernel.shape[2],
                filters = kernel.shape[3];
  if (options.channel < 0 || options.channel >= channels)
    throw UserError("--channel " + std::to_string(options.channel) + " is outside 0.." +
                    std::to_string(channels - 1) + " (layer '" + options.layer + "' has " +
                    std::to_string(channels) + " input channel" + (channels == 1 ? "" : "s") + ")");
  std::vector<float> values(static_cast<size_t>(kh * kw * channels * filters));
  library.check(cnn_get_param(model, name.c_str(), values.data(), values.size()));

  std::vector<GridImage> images(static_cast<size_t>(filters));
  for (int64_t f = 0; f < filters; ++f) {
    GridImage &image = images[f];
    image.title = std::to_string(f);
    image.rows = kh;
    image.cols = kw;
    image.vmin = -0.5;
    image.vmax = 0.5;
    for (int64_t r = 0; r < kh; ++r)
      for (int64_t c = 0; c < kw; ++c)
        image.values.push_back(values[((r * kw + c) * channels + options.channel) * filters + f]);
  }
  // The book's figure: two rows of 16 for 32 filters; rows of 16 beyond.
  const int columns = static_cast<int>(filters <= 32 ? (filters + 1) / 2 : 16);
  const std::string size = std::to_string(kh) + "x" + std::to_string(kw);
  drawImageGrid(options.layer + " kernels (" + size + "), input channel " +
                    std::to_string(options.channel) + ", " +
                    (options.weights.empty()
                         ? "Glorot-uniform seed " + std::to_string(options.seed)
                         : std::filesystem::path(options.weights).filename().string()) +
                    "; viridis -0.5..0.5",
                images, columns, 48, options.output);
  const int64_t rows = (filters + columns - 1) / columns;
  std::cout << "wrote " << options.output << ": " << filters << " kernels " << size << " of "
            << options.layer << ", input channel " << options.channel << ", " << rows << " x "
            << columns << "\n";
}

} // namespace

void addKernelsCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "kernels", "Draw a Conv2D layer's kernels for one input channel as PNG (the book's figure)");
  auto kernels = std::make_shared<KernelsOptions>();
  command->add_option("model", kernels->modelPath, "The model library built by cnnc")->required();
  CLI::Option *weights =
      command->add_option("--weights", kernels->weights,
                          "The safetensors weights (default: those compiled in, else "
                          "Glorot-uniform from --seed)");
  command->add_option("--seed", kernels->seed, "Seed of the initial weights without --weights")
      ->capture_default_str()
      ->excludes(weights);
  command->add_option("--layer", kernels->layer, "The Conv2D layer, e.g. conv2d")->required();
  command->add_option("--channel", kernels->channel, "The input channel")->capture_default_str();
  command->add_option("-o,--output", kernels->output, "The PNG file to write")->required();
  addThreadsOption(*command, options);
  command->callback([kernels, &options] { drawKernels(*kernels, options.threads); });
}

} // namespace cnn
