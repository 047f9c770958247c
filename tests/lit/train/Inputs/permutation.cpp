// Prints cnn's numpy.random.RandomState(SEED).permutation(COUNT), one index a line.
// usage: permutation COUNT SEED
#include "NumpyRandom.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  for (int64_t index : cnn::numpyPermutation(std::atoll(argv[1]),
                                             static_cast<uint32_t>(std::strtoul(argv[2], 0, 10))))
    std::printf("%lld\n", static_cast<long long>(index));
  return 0;
}
