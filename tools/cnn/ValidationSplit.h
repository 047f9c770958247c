// The training images divided into the samples fit() trains on and the held-out validation set.
#ifndef CNN_TOOL_VALIDATION_SPLIT_H
#define CNN_TOOL_VALIDATION_SPLIT_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

class Dataset;

// Images (count × imageSize floats) and their labels, contiguous.
struct Samples {
  const float *images = nullptr;
  const int32_t *labels = nullptr;
  int64_t count = 0;
};

class ValidationSplit {
public:
  // The first `limit` images of `data` (all when limit is 0), of which a `fraction` validates:
  // without `seed` (negative) Keras's validation_split, the last fraction as is; with one,
  // scikit-learn's train_test_split(test_size=fraction, random_state=seed). Throws UserError.
  ValidationSplit(const Dataset &data, int64_t limit, double fraction, int64_t seed);

  const Samples &train() const { return train_; }
  const Samples &validation() const { return validation_; }
  // How the validation images were chosen, for the log.
  const std::string &description() const { return description_; }

private:
  std::vector<float> images_; // in permutation order, when a seed shuffles them
  std::vector<int32_t> labels_;
  Samples train_, validation_;
  std::string description_;
};

} // namespace cnn

#endif // CNN_TOOL_VALIDATION_SPLIT_H
