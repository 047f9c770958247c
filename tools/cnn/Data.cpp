// The data options, the choice between IDX data sets, arrays and image folders, and the checks
// every kind shares.
#include "Data.h"

#include "Commands.h"
#include "Npy.h"
#include "Summary.h"
#include "Targets.h"

#include <algorithm>
#include <filesystem>

namespace cnn {
namespace {

constexpr const char *kFashionMnist = "fashion-mnist";

enum class Kind { Idx, Arrays, Npz, ImageFolder };

// A folder holding any file named like MNIST's is an IDX folder; any other folder is an image
// folder.
bool holdsIdxFiles(const std::filesystem::path &folder) {
  for (const char *prefix : {"train", "t10k"})
    for (const char *file : {"-images-idx3-ubyte", "-labels-idx1-ubyte"})
      for (const char *suffix : {"", ".gz"})
        if (std::filesystem::exists(folder / (std::string(prefix) + file + suffix)))
          return true;
  return false;
}

Kind kindOf(const DataSource &source) {
  if (!source.x.empty())
    return Kind::Arrays;
  const std::filesystem::path path = source.data;
  if (source.data == kFashionMnist || (std::filesystem::is_directory(path) && holdsIdxFiles(path)))
    return Kind::Idx;
  if (std::filesystem::is_directory(path))
    return Kind::ImageFolder;
  if (path.extension() == ".npy")
    throw UserError("--data " + source.data +
                    ": --data takes an .npz file; give .npy arrays with --x and --y");
  if (!std::filesystem::exists(path))
    throw UserError("data set '" + source.data + "' is neither " + kFashionMnist +
                    ", a folder nor an .npz file");
  return Kind::Npz;
}

// The options one kind of source takes and another does not.
void checkKindOptions(const DataSource &source, Kind kind) {
  if (!source.split.empty() && kind != Kind::Idx)
    throw UserError("--split chooses the train or test split of an IDX data set; " +
                    (kind == Kind::Arrays ? source.x[0] : source.data) + " has none");
  if ((!source.imageSize.empty() || !source.colorMode.empty()) && kind != Kind::ImageFolder)
    throw UserError("--image-size and --color-mode apply to an image folder (--data DIR with "
                    "one sub-folder per class)");
}

Dataset loadIdx(const ModelLibrary &library, const std::string &source, const std::string &split) {
  checkOneInput(library, "an IDX data set");
  cnn_dataset *idx = nullptr;
  library.check(cnn_dataset_load(source.c_str(), split.c_str(), &idx));
  DatasetInfo info{"the " + split + " split of " + source, "images", {}, false};
  if (source == kFashionMnist)
    info.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                       "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  Dataset data(std::move(info), idx, cnn_num_outputs(library.model()));
  int64_t shape[4];
  cnn_dataset_shape(idx, shape);
  // IDX images are (rows, cols), as keras.datasets gives them; the runtime adds the channel
  // axis. An input of (rows, cols) takes them as they are stored (the same values in order).
  std::vector<int64_t> images(shape, shape + 4);
  if (library.layerInfo(cnn_input_layer(library.model(), 0)).rank == 3 && shape[3] == 1)
    images.pop_back();
  checkInputShape(library, 0, images, source);
  return data;
}

} // namespace

void addDataSourceOptions(CLI::App &command, DataSource &source, bool withSplit) {
  command.add_option("--data", source.data,
                     std::string("fashion-mnist (Debian's dataset-fashion-mnist) or a folder of "
                                 "IDX files") +
                         (withSplit ? "" : " (its train split)") +
                         "; an image folder (a sub-folder of PNG/JPEG images per class, sorted "
                         "by name; pixels / 255, where Keras keeps 0..255); or an .npz file "
                         "with arrays x and y (or one per input and per output, named as the "
                         "layer)");
  command.add_option("--x", source.x,
                     "One .npy array of samples per model input, in the model's input order "
                     "(--x a.npy --x b.npy; batch first, channels last; float32, float64 or "
                     "integer, not rescaled)");
  command.add_option("--y", source.y,
                     "The targets of --x, one .npy array per model output in the model's output "
                     "order: class indices (N,) or one-hot rows (N, classes) as to_categorical "
                     "gives for a cross-entropy, float values for binary_crossentropy, mse and "
                     "mae (cnn predict and features go without)");
  if (withSplit)
    command.add_option("--split", source.split, "An IDX data set's train or test split (test)");
  command
      .add_option("--image-size", source.imageSize,
                  "An image folder's images are resized to H W (bilinear; default: the model "
                  "input's)")
      ->expected(2)
      ->check(positiveNumber());
  command
      .add_option("--color-mode", source.colorMode,
                  "An image folder's images as grayscale or rgb (default: from the model input's "
                  "channels)")
      ->check(CLI::IsMember({"grayscale", "rgb"}));
}

std::vector<NamedFile> inputFiles(const DataSource &source) {
  std::vector<NamedFile> files{{"--data", source.data}};
  for (const std::string &x : source.x)
    files.push_back({"--x", x});
  for (const std::string &y : source.y)
    files.push_back({"--y", y});
  return files;
}

std::vector<NamedFile> inputFiles(const DataOptions &options) {
  std::vector<NamedFile> files = inputFiles(options.source);
  files.push_back({"the model library", options.modelPath});
  files.push_back({"--weights", options.weights});
  return files;
}

void addDataOptions(CLI::App &command, DataOptions &options) {
  command.add_option("model", options.modelPath, "The model library built by cnnc")->required();
  command.add_option("--weights", options.weights,
                     "The safetensors weights (required unless the model has weights compiled in)");
  addDataSourceOptions(command, options.source, true);
}

Dataset::Dataset(DatasetInfo info, std::vector<std::vector<float>> inputs,
                 std::vector<OutputTargets> targets, int64_t count)
    : info_(std::move(info)), arrays_(std::move(inputs)), ownTargets_(std::move(targets)),
      count_(count) {
  for (const std::vector<float> &array : arrays_) {
    inputs_.push_back(array.data());
    sampleSizes_.push_back(static_cast<int64_t>(array.size()) / count);
  }
  for (const OutputTargets &output : ownTargets_) {
    targets_.push_back({output.labels.empty() ? nullptr : output.labels.data(),
                        output.values.empty() ? nullptr : output.values.data()});
    targetSizes_.push_back(static_cast<int64_t>(output.values.size()) / count);
  }
}

Dataset::Dataset(DatasetInfo info, cnn_dataset *idx, int outputs)
    : info_(std::move(info)), idx_(idx), targets_(static_cast<size_t>(outputs), {nullptr, nullptr}),
      targetSizes_(static_cast<size_t>(outputs), 0) {
  int64_t shape[4];
  cnn_dataset_shape(idx, shape);
  count_ = shape[0];
  inputs_.push_back(cnn_dataset_images(idx));
  sampleSizes_.push_back(shape[1] * shape[2] * shape[3]);
  targets_[0].labels = cnn_dataset_labels(idx);
}

std::vector<const float *> Dataset::inputsFrom(int64_t first) const {
  std::vector<const float *> pointers;
  for (size_t i = 0; i < inputs_.size(); ++i)
    pointers.push_back(inputs_[i] + first * sampleSizes_[i]);
  return pointers;
}

void checkDataSource(const DataSource &source, Labels labels) {
  if (!source.x.empty() && !source.data.empty())
    throw UserError("--data and --x both name the samples; give one of them");
  if (source.x.empty() && source.data.empty())
    throw UserError("give the samples with --data (fashion-mnist, a folder or an .npz file) or "
                    "with --x and --y (.npy arrays)");
  if (!source.y.empty() && source.x.empty())
    throw UserError("--y gives the labels of --x arrays; --data brings its own");
  if (!source.x.empty() && source.y.empty() && labels == Labels::Required)
    throw UserError("--x needs --y, the labels or targets (.npy)");
}

Dataset loadDataset(const ModelLibrary &library, const DataSource &source, const std::string &split,
                    Labels labels) {
  checkDataSource(source, labels);
  const Kind kind = kindOf(source);
  checkKindOptions(source, kind);
  switch (kind) {
  case Kind::Idx:
    if (labels == Labels::Required)
      checkLabelsSuffice(library, source.data == kFashionMnist ? source.data : "an IDX data set");
    return loadIdx(library, source.data, source.split.empty() ? split : source.split);
  case Kind::Arrays:
    return loadArrays(library, source, labels);
  case Kind::Npz:
    return loadNpz(library, source.data, labels);
  case Kind::ImageFolder:
    if (labels == Labels::Required)
      checkLabelsSuffice(library, "an image folder");
    return loadImageFolder(library, source);
  }
  throw UserError("unknown kind of data");
}

void checkInputShape(const ModelLibrary &library, int input, const std::vector<int64_t> &shape,
                     const std::string &name) {
  const cnn_layer_info info = library.layerInfo(cnn_input_layer(library.model(), input));
  bool fits = shape.size() == static_cast<size_t>(info.rank);
  for (int d = 1; fits && d < info.rank; ++d)
    fits = shape[d] == info.shape[d];
  if (!fits)
    throw UserError(name + ": shape " + npy::formatShape(shape) +
                    " does not match the model's input '" + info.name + "' " +
                    formatLayerShape(info, "None"));
}

void checkOneInput(const ModelLibrary &library, const std::string &what) {
  cnn_model *model = library.model();
  if (cnn_num_inputs(model) != 1)
    throw UserError("model '" + std::string(cnn_model_name(model)) + "' has " +
                    std::to_string(cnn_num_inputs(model)) + " inputs; " + what +
                    " feeds a model with one (give one .npy array per input with --x)");
}

void checkIndex(int64_t index, const Dataset &data) {
  if (index < 0 || index >= data.count())
    throw UserError("--index " + std::to_string(index) + " is outside 0.." +
                    std::to_string(data.count() - 1) + " (" + data.info().description + " holds " +
                    withThousands(data.count()) + " " + data.info().unit + ")");
}

int64_t classCount(const ModelLibrary &library) {
  const cnn_layer_info output = library.layerInfo(cnn_output_layer(library.model(), 0));
  if (output.rank != 2)
    throw UserError("the first output of model '" + std::string(cnn_model_name(library.model())) +
                    "', layer '" + output.name + "', is " + formatLayerShape(output, "None") +
                    ", not class probabilities (None, classes)");
  return output.shape[1];
}

void checkLabelsSuffice(const ModelLibrary &library, const std::string &what) {
  cnn_model *model = library.model();
  bool suffice = !cnn_can_train(model) || cnn_output_loss(model, 0) == CNN_LOSS_CROSSENTROPY;
  for (int o = 1; o < cnn_num_outputs(model); ++o)
    suffice = suffice && cnn_output_loss(model, o) == CNN_LOSS_NONE;
  if (!suffice)
    throw UserError(what + " gives class labels of one output; model '" + cnn_model_name(model) +
                    "' trains " + describeTrainedOutputs(library) +
                    ": give --x and one --y per output, or an .npz file with an array per output");
}

std::vector<std::string> classNames(const Dataset &data, int64_t classes) {
  const std::vector<std::string> &known = data.info().classNames;
  std::vector<std::string> names;
  for (int64_t c = 0; c < classes; ++c)
    names.push_back(c < static_cast<int64_t>(known.size()) ? known[c]
                                                           : "class " + std::to_string(c));
  return names;
}

} // namespace cnn
