// The losses and metrics of predictions against labels or float targets, as Keras computes them.
#include "CrossEntropy.h"

#include "Errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace cnnrt {
namespace {

// For a softmax output Keras takes the cross-entropy from the softmax's logits, not from clipped
// probabilities; -log(p) in double precision gives the same value to ~1e-7. A probability that
// underflowed to 0 counts as the smallest normal float.
constexpr float kSmallest = std::numeric_limits<float>::min();

} // namespace

void checkLabels(const int32_t *labels, int64_t count, int64_t classes, const char *what) {
  for (int64_t i = 0; i < count; ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      throw Error(CNN_ERROR_ARGUMENT, "the label of " + std::string(what) + " " +
                                          std::to_string(i) + " is " + std::to_string(labels[i]) +
                                          ", outside 0.." + std::to_string(classes - 1));
}

void addToScore(const float *probabilities, const int32_t *labels, int64_t batch, int64_t classes,
                Score &score) {
  for (int64_t n = 0; n < batch; ++n) {
    const float *row = probabilities + n * classes;
    const int32_t label = labels[n];
    score.lossSum -= std::log(static_cast<double>(std::max(row[label], kSmallest)));
    score.correct += std::max_element(row, row + classes) - row == label;
  }
  score.count += batch;
}

void addToScore(int lossKind, const float *predictions, const float *targets, int64_t count,
                Score &score) {
  constexpr double kClip = 1e-7;
  double absErrors = 0.0, squaredErrors = 0.0, crossEntropy = 0.0;
  for (int64_t i = 0; i < count; ++i) {
    const double p = predictions[i], y = targets[i], error = p - y;
    absErrors += std::fabs(error);
    squaredErrors += error * error;
    if (lossKind == CNN_LOSS_BINARY_CROSSENTROPY) {
      const double clipped = std::clamp(p, kClip, 1.0 - kClip);
      crossEntropy -= y * std::log(clipped) + (1.0 - y) * std::log(1.0 - clipped);
      score.correct += (p > 0.5 ? 1.0 : 0.0) == y;
    }
  }
  score.lossSum += lossKind == CNN_LOSS_MSE   ? squaredErrors
                   : lossKind == CNN_LOSS_MAE ? absErrors
                                              : crossEntropy;
  score.absErrorSum += absErrors;
  score.squaredErrorSum += squaredErrors;
  score.count += count;
}

void checkTargets(int lossKind, const float *targets, int64_t count, const char *what) {
  for (int64_t i = 0; i < count; ++i)
    if (std::isnan(targets[i]) ||
        (lossKind == CNN_LOSS_BINARY_CROSSENTROPY && !(targets[i] >= 0.0f && targets[i] <= 1.0f)))
      throw Error(CNN_ERROR_ARGUMENT,
                  std::string("target ") + std::to_string(i) + " of " + what + " is " +
                      formatNumber(targets[i]) +
                      (lossKind == CNN_LOSS_BINARY_CROSSENTROPY ? ", outside [0, 1]" : ""));
}

void addToScore(const cnn_loss_desc &loss, const float *predictions, const cnn_targets &targets,
                int64_t batch, int64_t sample, Score &score) {
  if (loss.kind == CNN_LOSS_CROSSENTROPY)
    addToScore(predictions, targets.labels, batch, sample, score);
  else
    addToScore(loss.kind, predictions, targets.values, batch * sample, score);
}

cnn_targets targetsFrom(const cnn_targets &all, int64_t first, int64_t sample) {
  return {all.labels ? all.labels + first : nullptr,
          all.values ? all.values + first * sample : nullptr};
}

void checkTargets(const cnn_loss_desc &loss, const cnn_targets &targets, int64_t count,
                  int64_t sample, const std::string &output, const char *samples) {
  if (loss.kind == CNN_LOSS_CROSSENTROPY) {
    if (!targets.labels)
      throw Error(CNN_ERROR_ARGUMENT,
                  "the labels of " + output + " for the " + samples + "s are null");
    checkLabels(targets.labels, count, sample, samples);
  } else {
    if (!targets.values)
      throw Error(CNN_ERROR_ARGUMENT,
                  "the target values of " + output + " for the " + samples + "s are null");
    checkTargets(loss.kind, targets.values, count * sample, output.c_str());
  }
}

} // namespace cnnrt
