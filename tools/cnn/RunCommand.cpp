// cnn run: the forward pass on NumPy arrays, writing the model's outputs or one layer's.
#include "Commands.h"
#include "ModelLibrary.h"
#include "Npy.h"

#include <memory>

namespace cnn {
namespace {

struct RunOptions {
  std::string modelPath;
  std::string weights;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::string layer;
};

// "'left', 'right'"
std::string layerNames(const ModelLibrary &library, const std::vector<int> &layers) {
  std::string text;
  for (size_t i = 0; i < layers.size(); ++i)
    text += (i ? ", '" : "'") + std::string(library.layerInfo(layers[i]).name) + "'";
  return text;
}

void checkCount(const ModelLibrary &library, const std::vector<int> &layers, size_t given,
                const std::string &what) {
  if (layers.size() != given)
    throw UserError("model '" + std::string(cnn_model_name(library.model())) + "' has " +
                    std::to_string(layers.size()) + " " + what + "s (" +
                    layerNames(library, layers) + "), got " + std::to_string(given) + " --" + what);
}

// Reads the arrays for the model inputs; they must agree with the input shapes and on the batch.
std::vector<npy::Array> readInputs(const ModelLibrary &library, const std::vector<int> &layers,
                                   const std::vector<std::string> &paths) {
  std::vector<npy::Array> arrays;
  for (size_t i = 0; i < paths.size(); ++i) {
    const cnn_layer_info info = library.layerInfo(layers[i]);
    npy::Array array = npy::read(paths[i]);
    bool matches = array.shape.size() == static_cast<size_t>(info.rank);
    for (int d = 1; matches && d < info.rank; ++d)
      matches = array.shape[d] == info.shape[d];
    if (!matches)
      throw UserError(paths[i] + " has shape " + npy::formatShape(array.shape) + ", input '" +
                      info.name + "' expects " + formatLayerShape(info, "N"));
    if (i > 0 && array.shape[0] != arrays[0].shape[0])
      throw UserError(paths[i] + " holds " + std::to_string(array.shape[0]) + " samples, " +
                      paths[0] + " holds " + std::to_string(arrays[0].shape[0]));
    arrays.push_back(std::move(array));
  }
  return arrays;
}

// The Keras shape of `layer`'s output for `batch` samples, and its element count.
std::vector<int64_t> batchShape(const ModelLibrary &library, int layer, int64_t batch,
                                size_t &count) {
  const cnn_layer_info info = library.layerInfo(layer);
  std::vector<int64_t> shape(info.shape, info.shape + info.rank);
  shape[0] = batch;
  count = 1;
  for (int64_t extent : shape)
    count *= static_cast<size_t>(extent);
  return shape;
}

void run(const RunOptions &options, int threads) {
  std::vector<NamedFile> written,
      readFiles{{"the model library", options.modelPath}, {"--weights", options.weights}};
  for (const std::string &output : options.outputs)
    written.push_back({"--output", output});
  for (const std::string &input : options.inputs)
    readFiles.push_back({"--input", input});
  refuseClashes(written, readFiles);
  const ModelLibrary library(options.modelPath, threads);
  cnn_model *model = library.model();
  library.loadWeights(options.weights);

  std::vector<int> inputLayers, outputLayers;
  for (int i = 0; i < cnn_num_inputs(model); ++i)
    inputLayers.push_back(cnn_input_layer(model, i));
  checkCount(library, inputLayers, options.inputs.size(), "input");
  const std::vector<npy::Array> arrays = readInputs(library, inputLayers, options.inputs);
  const int64_t batch = arrays[0].shape[0];
  if (batch == 0)
    throw UserError("--input " + options.inputs[0] + " holds no samples: there is nothing to run");
  std::vector<const float *> inputs;
  for (const npy::Array &array : arrays)
    inputs.push_back(array.data.data());

  if (!options.layer.empty()) {
    const int layer = library.findLayer(options.layer);
    if (options.outputs.size() != 1)
      throw UserError("--layer needs exactly one --output, got " +
                      std::to_string(options.outputs.size()));
    size_t count;
    const std::vector<int64_t> shape = batchShape(library, layer, batch, count);
    std::vector<float> data(count);
    library.check(
        cnn_layer_output(model, options.layer.c_str(), batch, inputs.data(), data.data(), count));
    npy::write(options.outputs[0], shape, data.data());
    return;
  }

  for (int o = 0; o < cnn_num_outputs(model); ++o)
    outputLayers.push_back(cnn_output_layer(model, o));
  checkCount(library, outputLayers, options.outputs.size(), "output");
  std::vector<std::vector<int64_t>> shapes;
  std::vector<std::vector<float>> data;
  std::vector<float *> outputs;
  for (int layer : outputLayers) {
    size_t count;
    shapes.push_back(batchShape(library, layer, batch, count));
    data.emplace_back(count);
    outputs.push_back(data.back().data());
  }
  library.check(cnn_forward(model, batch, inputs.data(), outputs.data()));
  for (size_t o = 0; o < outputLayers.size(); ++o)
    npy::write(options.outputs[o], shapes[o], data[o].data());
}

} // namespace

void addRunCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "run", "Run the model on float32 NumPy arrays (batch first, channels last)");
  auto runOptions = std::make_shared<RunOptions>();
  command->add_option("model", runOptions->modelPath, "The model library built by cnnc")
      ->required();
  command->add_option(
      "--weights", runOptions->weights,
      "The safetensors weights (required unless the model has weights compiled in)");
  command->add_option("--input", runOptions->inputs, "One .npy file per model input, in order")
      ->required();
  command
      ->add_option("--output", runOptions->outputs,
                   "One .npy file per model output, or one for --layer")
      ->required();
  command->add_option("--layer", runOptions->layer, "Write this layer's output instead");
  addThreadsOption(*command, options);
  command->callback([runOptions, &options] { run(*runOptions, options.threads); });
}

} // namespace cnn
