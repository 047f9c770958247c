// Sparse categorical cross-entropy and accuracy of class probabilities, shared by evaluation and
// training.
#ifndef CNNRT_CROSS_ENTROPY_H
#define CNNRT_CROSS_ENTROPY_H

#include <cstdint>

namespace cnnrt {

// Throws CNN_ERROR_ARGUMENT for a label outside 0..classes-1: "the label of <what> 7 is 12, ...".
void checkLabels(const int32_t *labels, int64_t count, int64_t classes,
                 const char *what = "sample");

// Sums over samples, so batches of different sizes combine into exact means.
struct Score {
  double lossSum = 0.0;
  int64_t correct = 0;
  int64_t count = 0;
  double loss() const { return lossSum / static_cast<double>(count); }
  double accuracy() const { return static_cast<double>(correct) / static_cast<double>(count); }
  void add(const Score &other) {
    lossSum += other.lossSum;
    correct += other.correct;
    count += other.count;
  }
};

// Adds `batch` rows of `classes` probabilities with their labels to `score`.
void addToScore(const float *probabilities, const int32_t *labels, int64_t batch, int64_t classes,
                Score &score);

} // namespace cnnrt

#endif // CNNRT_CROSS_ENTROPY_H
