// Keras's validation_split and scikit-learn's train_test_split over the training images.
#include "ValidationSplit.h"

#include "Data.h"
#include "NumpyRandom.h"
#include "Summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cnn {

ValidationSplit::ValidationSplit(const Dataset &data, int64_t limit, double fraction,
                                 int64_t seed) {
  if (limit > data.count())
    throw UserError("--limit " + std::to_string(limit) + " exceeds the " +
                    withThousands(data.count()) + " training images");
  const int64_t count = limit > 0 ? limit : data.count();
  const int64_t size = data.imageSize();
  Samples all{data.images(), data.labels(), count};
  int64_t held = 0;
  char text[160];
  if (seed < 0) {
    // Keras: split_at = floor(count * (1 - validation_split)).
    held = count - static_cast<int64_t>(std::floor(static_cast<double>(count) * (1.0 - fraction)));
    std::snprintf(text, sizeof text, "the last %g%% of the training images", fraction * 100.0);
  } else {
    // scikit-learn: n_test = ceil(test_size * n); test = permutation[:n_test], train the rest.
    held = static_cast<int64_t>(std::ceil(fraction * static_cast<double>(count)));
    const std::vector<int64_t> order = numpyPermutation(count, static_cast<uint32_t>(seed));
    images_.resize(static_cast<size_t>(count * size));
    labels_.resize(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      std::copy_n(data.images() + order[i] * size, size, images_.data() + i * size);
      labels_[i] = data.labels()[order[i]];
    }
    all = {images_.data(), labels_.data(), count};
    std::snprintf(text, sizeof text, "train_test_split(test_size=%g, random_state=%lld)", fraction,
                  static_cast<long long>(seed));
  }
  // The validation images come first in a permutation and last in Keras's split.
  const int64_t trainBegin = seed < 0 ? 0 : held, heldBegin = seed < 0 ? count - held : 0;
  train_ = {all.images + trainBegin * size, all.labels + trainBegin, count - held};
  validation_ = {all.images + heldBegin * size, all.labels + heldBegin, held};
  if (train_.count == 0)
    throw UserError("no training images are left after holding out " + withThousands(held) +
                    " of " + withThousands(count) + " for validation");
  description_ = text;
}

} // namespace cnn
