// Glorot-uniform initialisation of the parameters, reproducible from a seed on every platform.
#include "Model.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace {

// A double in [0, 1) from the top 53 bits: unlike std::uniform_real_distribution, the same on
// every standard library.
double unitInterval(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

} // namespace

void cnn_model::initParams(uint64_t seed) {
  std::mt19937_64 engine(seed);
  for (Param &param : params_) {
    const int64_t fans = param.desc->fan_in + param.desc->fan_out;
    if (fans == 0) {
      std::fill(param.data.begin(), param.data.end(), 0.0f);
      continue;
    }
    const double limit = std::sqrt(6.0 / static_cast<double>(fans));
    for (float &value : param.data)
      value = static_cast<float>(limit * (2.0 * unitInterval(engine()) - 1.0));
  }
}
