// The random choices of fit(): sample order and dropout seeds, from the seed alone.
#ifndef CNNRT_FIT_RANDOM_H
#define CNNRT_FIT_RANDOM_H

#include <cstdint>
#include <vector>

namespace cnnrt {

// A permutation of 0..count-1 that depends only on (seed, epoch), the same with every standard
// library, so a resumed run shuffles as the uninterrupted one did.
std::vector<int64_t> epochOrder(uint64_t seed, int epoch, int64_t count);

// The dropout seed of batch `step` of `epoch`.
uint32_t batchDropoutSeed(uint64_t seed, int epoch, int64_t step);

} // namespace cnnrt

#endif // CNNRT_FIT_RANDOM_H
