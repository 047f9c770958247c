// The losses and metrics of model outputs against their targets, shared by evaluation and
// training.
#ifndef CNNRT_CROSS_ENTROPY_H
#define CNNRT_CROSS_ENTROPY_H

#include "cnn/model_desc.h"

#include <cstdint>
#include <string>

namespace cnnrt {

// Throws CNN_ERROR_ARGUMENT for a label outside 0..classes-1: "the label of <what> 7 is 12, ...".
void checkLabels(const int32_t *labels, int64_t count, int64_t classes,
                 const char *what = "sample");

// Sums over the loss's terms (samples for the cross-entropy, elements for the others), so batches
// of different sizes combine into exact means.
struct Score {
  double lossSum = 0.0;
  int64_t correct = 0;
  int64_t count = 0;
  double absErrorSum = 0.0, squaredErrorSum = 0.0;
  double loss() const { return lossSum / static_cast<double>(count); }
  double accuracy() const { return static_cast<double>(correct) / static_cast<double>(count); }
  void add(const Score &other) {
    lossSum += other.lossSum;
    correct += other.correct;
    count += other.count;
    absErrorSum += other.absErrorSum;
    squaredErrorSum += other.squaredErrorSum;
  }
};

// Adds `batch` rows of `classes` probabilities with their labels to `score`.
void addToScore(const float *probabilities, const int32_t *labels, int64_t batch, int64_t classes,
                Score &score);

// Adds `count` predictions and float targets of a binary_crossentropy, mse or mae loss to `score`;
// binary_crossentropy clips predictions to [1e-7, 1 - 1e-7] as Keras does, and its accuracy
// counts predictions above 0.5 against targets of 1.
void addToScore(int lossKind, const float *predictions, const float *targets, int64_t count,
                Score &score);

// Throws CNN_ERROR_ARGUMENT for a NaN target or, for binary_crossentropy, one outside [0, 1].
void checkTargets(int lossKind, const float *targets, int64_t count, const char *what);

// Adds `batch` samples of one loss's predictions (`sample` values each) against its output's
// targets (labels for the cross-entropy, values for the others) to `score`.
void addToScore(const cnn_loss_desc &loss, const float *predictions, const cnn_targets &targets,
                int64_t batch, int64_t sample, Score &score);
// The targets of the samples from `first` on, of `sample` values each.
cnn_targets targetsFrom(const cnn_targets &all, int64_t first, int64_t sample);
// Throws CNN_ERROR_ARGUMENT unless `targets` holds valid labels or values of `count` samples of
// `sample` values for `loss`; `output` names the output ("output 2 of 2 ('size')"), `samples`
// its samples in messages ("training sample").
void checkTargets(const cnn_loss_desc &loss, const cnn_targets &targets, int64_t count,
                  int64_t sample, const std::string &output, const char *samples);

} // namespace cnnrt

#endif // CNNRT_CROSS_ENTROPY_H
