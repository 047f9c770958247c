// The loss and accuracy of class probabilities against integer labels, as Keras computes them.
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

} // namespace cnnrt
