// Loading a data set through the C API and checking that it fits the model.
#include "Data.h"

namespace cnn {

void addDataOptions(CLI::App &command, DataOptions &options) {
  command.add_option("model", options.modelPath, "The model library built by cnnc")->required();
  command.add_option("--weights", options.weights,
                     "The safetensors weights (required unless the model has weights compiled in)");
  command
      .add_option("--data", options.data,
                  "fashion-mnist (Debian's dataset-fashion-mnist) or a folder of IDX files")
      ->required();
  command.add_option("--split", options.split, "train or test")->capture_default_str();
}

Dataset::Dataset(const ModelLibrary &library, const std::string &source, const std::string &split)
    : dataset_(nullptr) {
  cnn_model *model = library.model();
  if (cnn_num_inputs(model) != 1)
    throw UserError("model '" + std::string(cnn_model_name(model)) + "' has " +
                    std::to_string(cnn_num_inputs(model)) +
                    " inputs; labelled images need a model with one");
  cnn_dataset *dataset = nullptr;
  library.check(cnn_dataset_load(source.c_str(), split.c_str(), &dataset));
  dataset_.reset(dataset);
  cnn_dataset_shape(dataset, shape_);
  images_ = cnn_dataset_images(dataset);
  labels_ = cnn_dataset_labels(dataset);

  const cnn_layer_info input = library.layerInfo(cnn_input_layer(model, 0));
  bool fits = input.rank == 4;
  for (int d = 1; fits && d < 4; ++d)
    fits = input.shape[d] == shape_[d];
  if (!fits)
    throw UserError("the images of " + source + " are (N, " + std::to_string(shape_[1]) + ", " +
                    std::to_string(shape_[2]) + ", " + std::to_string(shape_[3]) + "), input '" +
                    input.name + "' expects " + formatLayerShape(input, "N"));
}

int64_t classCount(const ModelLibrary &library) {
  const cnn_layer_info output = library.layerInfo(cnn_output_layer(library.model(), 0));
  if (output.rank != 2)
    throw UserError("the first output of model '" + std::string(cnn_model_name(library.model())) +
                    "', layer '" + output.name + "', is " + formatLayerShape(output, "None") +
                    ", not class probabilities (None, classes)");
  return output.shape[1];
}

std::vector<std::string> classNames(const std::string &source, int64_t classes) {
  static const char *const kFashionMnist[] = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                              "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                              "Bag",         "Ankle boot"};
  std::vector<std::string> names;
  for (int64_t c = 0; c < classes; ++c)
    names.push_back(source == "fashion-mnist" && classes == 10 ? kFashionMnist[c]
                                                               : "class " + std::to_string(c));
  return names;
}

} // namespace cnn
