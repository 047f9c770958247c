// Keras's validation_split and scikit-learn's train_test_split over the training samples.
#include "ValidationSplit.h"

#include "Data.h"
#include "NumpyRandom.h"
#include "Summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cnn {
namespace {

// `count` samples of `all` from sample `first` on.
Samples slice(const Samples &all, const Dataset &data, int64_t first, int64_t count) {
  Samples part{{}, {}, count};
  for (size_t i = 0; i < all.inputs.size(); ++i)
    part.inputs.push_back(all.inputs[i] + first * data.sampleSize(static_cast<int>(i)));
  for (size_t o = 0; o < all.targets.size(); ++o) {
    const cnn_targets &whole = all.targets[o];
    part.targets.push_back(
        {whole.labels ? whole.labels + first : nullptr,
         whole.values ? whole.values + first * data.targetSize(static_cast<int>(o)) : nullptr});
  }
  return part;
}

// `targets` of every sample in the order `order`.
OutputTargets permuted(const cnn_targets &targets, int64_t size,
                       const std::vector<int64_t> &order) {
  OutputTargets result;
  for (int64_t n : order) {
    if (targets.labels)
      result.labels.push_back(targets.labels[n]);
    if (targets.values)
      result.values.insert(result.values.end(), targets.values + n * size,
                           targets.values + (n + 1) * size);
  }
  return result;
}

} // namespace

Samples allSamples(const Dataset &data) {
  return {data.inputsFrom(0), {data.targets(), data.targets() + data.numOutputs()}, data.count()};
}

ValidationSplit::ValidationSplit(const Dataset &data, int64_t limit, double fraction,
                                 int64_t seed) {
  const std::string &unit = data.info().unit;
  if (limit > data.count())
    throw UserError("--limit " + std::to_string(limit) + " exceeds the " +
                    withThousands(data.count()) + " training " + unit);
  const int64_t count = limit > 0 ? limit : data.count();
  Samples all = allSamples(data);
  all.count = count;
  int64_t held = 0;
  char text[160];
  if (seed < 0) {
    // Keras: split_at = floor(count * (1 - validation_split)).
    held = count - static_cast<int64_t>(std::floor(static_cast<double>(count) * (1.0 - fraction)));
    std::snprintf(text, sizeof text, "the last %g%% of the training %s", fraction * 100.0,
                  unit.c_str());
  } else {
    // scikit-learn: n_test = ceil(test_size * n); test = permutation[:n_test], train the rest.
    held = static_cast<int64_t>(std::ceil(fraction * static_cast<double>(count)));
    const std::vector<int64_t> order = numpyPermutation(count, static_cast<uint32_t>(seed));
    for (int i = 0; i < data.numInputs(); ++i) {
      const int64_t size = data.sampleSize(i);
      std::vector<float> &permuted = inputs_.emplace_back(static_cast<size_t>(count * size));
      for (int64_t n = 0; n < count; ++n)
        std::copy_n(data.inputs()[i] + order[n] * size, size, permuted.data() + n * size);
      all.inputs[i] = permuted.data();
    }
    targets_.reserve(static_cast<size_t>(data.numOutputs())); // the pointers below stay valid
    for (int o = 0; o < data.numOutputs(); ++o) {
      const OutputTargets &output =
          targets_.emplace_back(permuted(data.targets()[o], data.targetSize(o), order));
      all.targets[o] = {output.labels.empty() ? nullptr : output.labels.data(),
                        output.values.empty() ? nullptr : output.values.data()};
    }
    std::snprintf(text, sizeof text, "train_test_split(test_size=%g, random_state=%lld)", fraction,
                  static_cast<long long>(seed));
  }
  // The validation samples come first in a permutation and last in Keras's split.
  const int64_t trainBegin = seed < 0 ? 0 : held, heldBegin = seed < 0 ? count - held : 0;
  train_ = slice(all, data, trainBegin, count - held);
  validation_ = slice(all, data, heldBegin, held);
  if (train_.count == 0)
    throw UserError("no training " + unit + " are left after holding out " + withThousands(held) +
                    " of " + withThousands(count) + " for validation");
  description_ = text;
}

} // namespace cnn
