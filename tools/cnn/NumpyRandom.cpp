// NumPy's legacy RandomState: the MT19937 generator and the shuffle behind permutation().
#include "NumpyRandom.h"

#include <cstddef>
#include <numeric>
#include <utility>

namespace cnn {
namespace {

// MT19937 as NumPy's legacy seeding leaves it (init_genrand), drawing 32-bit outputs.
class Mt19937 {
public:
  explicit Mt19937(uint32_t seed) {
    state_[0] = seed;
    for (uint32_t i = 1; i < kSize; ++i)
      state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + i;
  }

  uint32_t next() {
    if (position_ == kSize)
      regenerate();
    uint32_t y = state_[position_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    return y ^ (y >> 18);
  }

private:
  static constexpr uint32_t kSize = 624, kShift = 397;

  void regenerate() {
    for (uint32_t i = 0; i < kSize; ++i) {
      const uint32_t y = (state_[i] & 0x80000000u) | (state_[(i + 1) % kSize] & 0x7fffffffu);
      state_[i] = state_[(i + kShift) % kSize] ^ (y >> 1) ^ (y & 1 ? 0x9908b0dfu : 0u);
    }
    position_ = 0;
  }

  uint32_t state_[kSize];
  uint32_t position_ = kSize;
};

// NumPy's random_interval: a uniform integer in [0, max] by masking and rejection.
uint32_t randomInterval(Mt19937 &generator, uint32_t max) {
  uint32_t mask = max;
  for (int shift = 1; shift < 32; shift *= 2)
    mask |= mask >> shift;
  uint32_t value;
  do
    value = generator.next() & mask;
  while (value > max);
  return value;
}

} // namespace

std::vector<int64_t> numpyPermutation(int64_t count, uint32_t seed) {
  std::vector<int64_t> permutation(static_cast<size_t>(count));
  std::iota(permutation.begin(), permutation.end(), 0);
  Mt19937 generator(seed);
  for (int64_t i = count - 1; i > 0; --i)
    std::swap(permutation[i], permutation[randomInterval(generator, static_cast<uint32_t>(i))]);
  return permutation;
}

} // namespace cnn
