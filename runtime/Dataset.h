// struct cnn_dataset: labelled images loaded from IDX files.
#ifndef CNNRT_DATASET_H
#define CNNRT_DATASET_H

#include "cnn/cnn.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct cnn_dataset {
  int64_t shape[4]; // images, height, width, channels
  std::vector<float> images;
  std::vector<int32_t> labels;
};

namespace cnnrt {

// The "train" or "test" split of `source` (see cnn_dataset_load); throws cnnrt::Error.
std::unique_ptr<cnn_dataset> loadDataset(const std::string &source, const std::string &split);

} // namespace cnnrt

#endif // CNNRT_DATASET_H
