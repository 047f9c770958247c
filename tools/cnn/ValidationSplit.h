// The training samples divided into those fit() trains on and the held-out validation set.
#ifndef CNN_TOOL_VALIDATION_SPLIT_H
#define CNN_TOOL_VALIDATION_SPLIT_H

#include "Data.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

// Samples (one array per model input, count samples each) and the targets of each model output,
// contiguous.
struct Samples {
  std::vector<const float *> inputs;
  std::vector<cnn_targets> targets;
  int64_t count = 0;
};

// Every sample of `data`.
Samples allSamples(const Dataset &data);

class ValidationSplit {
public:
  // The first `limit` samples of `data` (all when limit is 0), of which a `fraction` validates:
  // without `seed` (negative) Keras's validation_split, the last fraction as is; with one,
  // scikit-learn's train_test_split(test_size=fraction, random_state=seed). Throws UserError.
  ValidationSplit(const Dataset &data, int64_t limit, double fraction, int64_t seed);

  const Samples &train() const { return train_; }
  const Samples &validation() const { return validation_; }
  // How the validation samples were chosen, for the log.
  const std::string &description() const { return description_; }

private:
  std::vector<std::vector<float>> inputs_; // in permutation order, when a seed shuffles them
  std::vector<OutputTargets> targets_;
  Samples train_, validation_;
  std::string description_;
};

} // namespace cnn

#endif // CNN_TOOL_VALIDATION_SPLIT_H
