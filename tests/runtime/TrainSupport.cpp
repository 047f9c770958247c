// Toy data, fit runs and the double-precision reference of the trainable model.
#include "TrainSupport.h"

#include "TestModels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

TrainingData toySamples(int64_t count, uint32_t seed) {
  TrainingData samples;
  uint32_t state = seed * 2654435761u + 1u;
  const auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / 16777216.0f;
  };
  for (int64_t n = 0; n < count; ++n) {
    float pixels[4];
    for (float &pixel : pixels)
      pixel = next();
    samples.images.insert(samples.images.end(), pixels, pixels + 4);
    samples.labels.push_back(static_cast<int32_t>(std::max_element(pixels, pixels + 3) - pixels));
  }
  return samples;
}

namespace {

constexpr int kInputs = 4, kHidden = 6, kClasses = 3;

} // namespace

Reference trainableReference(const std::vector<std::vector<double>> &params,
                             const std::vector<float> &images, const std::vector<int32_t> &labels,
                             uint32_t dropoutSeed) {
  const std::vector<double> &k1 = params[0], &b1 = params[1], &k2 = params[2], &b2 = params[3];
  const int batch = static_cast<int>(labels.size());
  const double scale = 1.0 / (1.0 - kTrainableDropoutRate);
  Reference result{0.0,
                   {std::vector<double>(k1.size()), std::vector<double>(b1.size()),
                    std::vector<double>(k2.size()), std::vector<double>(b2.size())}};
  for (int n = 0; n < batch; ++n) {
    const float *x = &images[n * kInputs];
    double h[kHidden], dropped[kHidden], mask[kHidden], z[kClasses];
    for (int j = 0; j < kHidden; ++j) {
      double sum = b1[j];
      for (int i = 0; i < kInputs; ++i)
        sum += x[i] * k1[i * kHidden + j];
      h[j] = std::max(sum, 0.0);
      const uint32_t index = static_cast<uint32_t>(n * kHidden + j);
      mask[j] = cnn_dropout_keeps(dropoutSeed, kTrainableDropoutLayer, index, kTrainableDropoutRate)
                    ? scale
                    : 0.0;
      dropped[j] = h[j] * mask[j];
    }
    double largest = -INFINITY, total = 0.0;
    for (int c = 0; c < kClasses; ++c) {
      z[c] = b2[c];
      for (int j = 0; j < kHidden; ++j)
        z[c] += dropped[j] * k2[j * kClasses + c];
      largest = std::max(largest, z[c]);
    }
    for (double &logit : z)
      total += logit = std::exp(logit - largest);
    double dz[kClasses], dh[kHidden] = {};
    for (int c = 0; c < kClasses; ++c) {
      const double p = z[c] / total;
      if (c == labels[n])
        result.loss -= std::log(p) / batch;
      dz[c] = (p - (c == labels[n] ? 1.0 : 0.0)) / batch;
      result.gradients[3][c] += dz[c];
      for (int j = 0; j < kHidden; ++j) {
        result.gradients[2][j * kClasses + c] += dropped[j] * dz[c];
        dh[j] += dz[c] * k2[j * kClasses + c];
      }
    }
    for (int j = 0; j < kHidden; ++j) {
      const double pre = h[j] > 0.0 ? dh[j] * mask[j] : 0.0;
      result.gradients[1][j] += pre;
      for (int i = 0; i < kInputs; ++i)
        result.gradients[0][i * kHidden + j] += x[i] * pre;
    }
  }
  return result;
}

ModelPtr freshTrainableModel() {
  ModelPtr model = createModel(trainableModel());
  EXPECT_EQ(cnn_init_params(model.get(), 7), CNN_OK);
  return model;
}

cnn_fit_options fitOptions(int epochs) {
  cnn_fit_options options;
  cnn_fit_options_init(&options);
  options.epochs = epochs;
  options.batch_size = 8;
  options.seed = 42;
  return options;
}

namespace {

struct Callbacks {
  FitRecord *record;
  const std::function<void(const cnn_epoch_log &)> *onEpoch;
};

} // namespace

FitRecord runFit(cnn_model *model, cnn_fit_options options, const TrainingData &train,
                 const TrainingData *validation,
                 const std::function<void(const cnn_epoch_log &)> &onEpoch) {
  FitRecord record{};
  Callbacks callbacks{&record, &onEpoch};
  options.user = &callbacks;
  options.on_batch = [](void *user, const cnn_batch_log *log) {
    static_cast<Callbacks *>(user)->record->batches.push_back(*log);
  };
  options.on_epoch = [](void *user, const cnn_epoch_log *log) {
    const Callbacks &callbacks = *static_cast<Callbacks *>(user);
    callbacks.record->epochs.push_back(*log);
    if (*callbacks.onEpoch)
      (*callbacks.onEpoch)(*log);
  };
  const float *inputs[] = {train.images.data()};
  const float *validationInputs[] = {validation ? validation->images.data() : nullptr};
  record.status = cnn_fit(model, &options, inputs, train.labels.data(), train.count(),
                          validation ? validationInputs : nullptr,
                          validation ? validation->labels.data() : nullptr,
                          validation ? validation->count() : 0, &record.result);
  if (record.status != CNN_OK)
    record.error = cnn_last_error();
  return record;
}
