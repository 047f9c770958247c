// Labelled data for cnn evaluate and cnn predict: the --data options, the data set loaded through
// the model library, and the class names.
#ifndef CNN_TOOL_DATA_H
#define CNN_TOOL_DATA_H

#include "ModelLibrary.h"

#include <CLI/CLI.hpp>

namespace cnn {

struct DataOptions {
  std::string modelPath;
  std::string weights;
  std::string data;
  std::string split = "test";
};

// The model, --weights, --data and --split.
void addDataOptions(CLI::App &command, DataOptions &options);

// A split of a data set, loaded by the model library's runtime, whose images fit the model's
// only input. Throws UserError.
class Dataset {
public:
  Dataset(const ModelLibrary &library, const std::string &source, const std::string &split);

  int64_t count() const { return shape_[0]; }
  int64_t imageSize() const { return shape_[1] * shape_[2] * shape_[3]; }
  const float *images() const { return images_; }
  const int32_t *labels() const { return labels_; }

private:
  struct Destroyer {
    void operator()(cnn_dataset *dataset) const { cnn_dataset_destroy(dataset); }
  };
  std::unique_ptr<cnn_dataset, Destroyer> dataset_;
  int64_t shape_[4] = {};
  const float *images_ = nullptr;
  const int32_t *labels_ = nullptr;
};

// The number of classes of the model's first output, which must be (None, classes).
int64_t classCount(const ModelLibrary &library);
// Fashion-MNIST's class names for its ten classes, "class 0", "class 1", ... otherwise.
std::vector<std::string> classNames(const std::string &source, int64_t classes);

} // namespace cnn

#endif // CNN_TOOL_DATA_H
