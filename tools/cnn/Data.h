// Labelled data for cnn train, evaluate, predict and features: the options that name it, the
// samples and their targets loaded and checked against the model, and the class names.
#ifndef CNN_TOOL_DATA_H
#define CNN_TOOL_DATA_H

#include "ModelLibrary.h"
#include "OutputFiles.h"

#include <CLI/CLI.hpp>

namespace cnn {

// Where the samples come from: --data, or --x and --y, and the options of each kind.
struct DataSource {
  std::string data; // fashion-mnist, a folder of IDX files or of class sub-folders, or F.npz
  std::vector<std::string> x;     // one .npy file per model input
  std::vector<std::string> y;     // one .npy file per model output
  std::string split;              // IDX only; empty: the command's
  std::vector<int64_t> imageSize; // image folders only (H, W); empty: the model input's
  std::string colorMode;          // image folders only; empty: from the model input's channels
};

// --data, --x, --y, --image-size, --color-mode and, `withSplit`, --split.
void addDataSourceOptions(CLI::App &command, DataSource &source, bool withSplit);

struct DataOptions {
  std::string modelPath;
  std::string weights;
  DataSource source;
};

// The model, --weights and the data source with --split.
void addDataOptions(CLI::App &command, DataOptions &options);

// The files a data source reads (--data, each --x and --y), and those of DataOptions with the
// model and --weights, as a command's inputs.
std::vector<NamedFile> inputFiles(const DataSource &source);
std::vector<NamedFile> inputFiles(const DataOptions &options);

// What a data set is called in messages, and what it knows of its classes.
struct DatasetInfo {
  std::string description;             // "the test split of fashion-mnist", "x.npy", "DIR"
  std::string unit = "samples";        // or "images"
  std::vector<std::string> classNames; // those known, by label
  bool classOrdered = false;           // the samples come class by class (an image folder)
};

// What one model output is trained against, for every sample: class labels or float values
// (both empty without targets).
struct OutputTargets {
  std::vector<int32_t> labels;
  std::vector<float> values;
};

// Samples in memory: one float32 array per model input (batch first, channels last) and the
// targets of each model output, which cnn predict and cnn features may go without.
class Dataset {
public:
  // `targets` holds one entry per model output (or none at all).
  Dataset(DatasetInfo info, std::vector<std::vector<float>> inputs,
          std::vector<OutputTargets> targets, int64_t count);
  // A split of an IDX data set, loaded by the runtime (one input), whose labels are those of the
  // first of `outputs` model outputs.
  Dataset(DatasetInfo info, cnn_dataset *idx, int outputs);

  const DatasetInfo &info() const { return info_; }
  int64_t count() const { return count_; }
  int numInputs() const { return static_cast<int>(inputs_.size()); }
  const float *const *inputs() const { return inputs_.data(); }
  int64_t sampleSize(int input) const { return sampleSizes_[input]; }
  // Each input's array from sample `first` on.
  std::vector<const float *> inputsFrom(int64_t first) const;
  // The first output's class labels, or null.
  bool hasLabels() const { return labels() != nullptr; }
  const int32_t *labels() const { return targets_.empty() ? nullptr : targets_[0].labels; }
  // targets()[o]: model output o's labels or values, for cnn_fit_targets and the like.
  const cnn_targets *targets() const { return targets_.data(); }
  int numOutputs() const { return static_cast<int>(targets_.size()); }
  // Target values per sample of output `output` (0 when it has labels or none).
  int64_t targetSize(int output) const { return targetSizes_[output]; }

private:
  struct Destroyer {
    void operator()(cnn_dataset *dataset) const { cnn_dataset_destroy(dataset); }
  };
  DatasetInfo info_;
  std::unique_ptr<cnn_dataset, Destroyer> idx_;
  std::vector<std::vector<float>> arrays_;
  std::vector<OutputTargets> ownTargets_;
  std::vector<const float *> inputs_;
  std::vector<int64_t> sampleSizes_;
  std::vector<cnn_targets> targets_;
  std::vector<int64_t> targetSizes_;
  int64_t count_ = 0;
};

enum class Labels { Required, Optional };

// The checks of the data options that need neither the model nor the files, for a command to
// make before it opens anything. Throws UserError.
void checkDataSource(const DataSource &source, Labels labels);

// The samples `source` names, checked against the model's inputs and classes; an IDX data set's
// split is `split` unless the source gives one. Throws UserError.
Dataset loadDataset(const ModelLibrary &library, const DataSource &source, const std::string &split,
                    Labels labels);

// The loaders loadDataset chooses from (ArrayData.cpp, FolderData.cpp).
Dataset loadArrays(const ModelLibrary &library, const DataSource &source, Labels labels);
Dataset loadNpz(const ModelLibrary &library, const std::string &path, Labels labels);
Dataset loadImageFolder(const ModelLibrary &library, const DataSource &source);

// Throws UserError unless `shape` is a batch of samples of model input `input`:
// "x.npy: shape (100, 32, 32, 3) does not match the model's input 'input_1' (None, 28, 28, 1)".
void checkInputShape(const ModelLibrary &library, int input, const std::vector<int64_t> &shape,
                     const std::string &name);
// Throws UserError unless the model has one input, which `what` feeds.
void checkOneInput(const ModelLibrary &library, const std::string &what);

// Throws UserError unless `index` is one of the data set's samples.
void checkIndex(int64_t index, const Dataset &data);

// The number of classes of the model's first output, which must be (None, classes).
int64_t classCount(const ModelLibrary &library);

// Throws UserError unless class labels of the first output are all the model trains against,
// as `what` (an IDX data set, an image folder) gives them.
void checkLabelsSuffice(const ModelLibrary &library, const std::string &what);
// The data set's name for each of `classes` classes, "class 3" where it has none.
std::vector<std::string> classNames(const Dataset &data, int64_t classes);

} // namespace cnn

#endif // CNN_TOOL_DATA_H
