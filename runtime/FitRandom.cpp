// splitmix64 streams and a Fisher–Yates shuffle, written out so results never depend on the
// standard library's distributions.
#include "FitRandom.h"

#include <cstddef>
#include <numeric>
#include <utility>

namespace cnnrt {
namespace {

enum Purpose : uint64_t { kShuffle = 1, kDropout = 2 };

// Steele, Lea and Flood's SplitMix64: advances `state` and returns its next output.
uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A stream state for one purpose at one point of training; each part changes every bit.
uint64_t streamState(uint64_t seed, Purpose purpose, uint64_t epoch, uint64_t step) {
  uint64_t state = seed;
  for (const uint64_t part : {static_cast<uint64_t>(purpose), epoch, step}) {
    const uint64_t mixed = splitmix64(state);
    state = mixed ^ part;
  }
  return splitmix64(state);
}

} // namespace

std::vector<int64_t> epochOrder(uint64_t seed, int epoch, int64_t count) {
  std::vector<int64_t> order(static_cast<size_t>(count));
  std::iota(order.begin(), order.end(), int64_t{0});
  uint64_t state = streamState(seed, kShuffle, static_cast<uint64_t>(epoch), 0);
  for (int64_t i = count - 1; i > 0; --i) {
    // Lemire's multiply-shift maps 64 random bits onto 0..i without a division.
    const uint64_t bound = static_cast<uint64_t>(i) + 1;
    const auto j =
        static_cast<int64_t>((static_cast<unsigned __int128>(splitmix64(state)) * bound) >> 64);
    std::swap(order[i], order[j]);
  }
  return order;
}

uint32_t batchDropoutSeed(uint64_t seed, int epoch, int64_t step) {
  return static_cast<uint32_t>(
      streamState(seed, kDropout, static_cast<uint64_t>(epoch), static_cast<uint64_t>(step)));
}

} // namespace cnnrt
