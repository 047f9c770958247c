// NumPy's legacy RandomState(seed).permutation(n), which scikit-learn's train_test_split uses.
#ifndef CNN_TOOL_NUMPY_RANDOM_H
#define CNN_TOOL_NUMPY_RANDOM_H

#include <cstdint>
#include <vector>

namespace cnn {

// numpy.random.RandomState(seed).permutation(count), element for element: MT19937 seeded with
// init_genrand(seed), then NumPy's Fisher-Yates shuffle of 0..count-1. count must be below 2^32.
std::vector<int64_t> numpyPermutation(int64_t count, uint32_t seed);

} // namespace cnn

#endif // CNN_TOOL_NUMPY_RANDOM_H
