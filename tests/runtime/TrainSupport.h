// Helpers shared by the training tests: toy data, fit runs and a reference of the trainable model.
#ifndef CNN_TESTS_RUNTIME_TRAIN_SUPPORT_H
#define CNN_TESTS_RUNTIME_TRAIN_SUPPORT_H

#include "TestSupport.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

// Samples for the trainable model: 2x2 images (4 floats each) and labels 0..2.
struct TrainingData {
  std::vector<float> images;
  std::vector<int32_t> labels;
  int64_t count() const { return static_cast<int64_t>(labels.size()); }
};

// A learnable toy problem: four pixels in [0, 1), the label is the brightest of the first three.
TrainingData toySamples(int64_t count, uint32_t seed);

// The trainable model in double precision, for one batch with a dropout seed.
struct Reference {
  double loss;
  std::vector<std::vector<double>> gradients; // in parameter order
};
Reference trainableReference(const std::vector<std::vector<double>> &params,
                             const std::vector<float> &images, const std::vector<int32_t> &labels,
                             uint32_t dropoutSeed);

// The trainable model with Glorot weights from seed 7.
ModelPtr freshTrainableModel();

// cnn_fit's defaults with `epochs`, batch size 8 and seed 42.
cnn_fit_options fitOptions(int epochs);

// What one cnn_fit call returned and reported to its callbacks.
struct FitRecord {
  cnn_status status;
  std::string error; // cnn_last_error() after a failure
  cnn_fit_result result;
  std::vector<cnn_batch_log> batches;
  std::vector<cnn_epoch_log> epochs;
};
// Runs cnn_fit with `options` (whose callbacks it replaces); `onEpoch` runs inside the epoch
// callback.
FitRecord runFit(cnn_model *model, cnn_fit_options options, const TrainingData &train,
                 const TrainingData *validation,
                 const std::function<void(const cnn_epoch_log &)> &onEpoch = {});

#endif // CNN_TESTS_RUNTIME_TRAIN_SUPPORT_H
