// Shares of a batch, scores summed over the workers, and the workers' weights compared by hash.
#include "FitWorkers.h"

#include "Errors.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace cnnrt {
namespace {

// FNV-1a over every parameter's bytes, in parameter order.
uint64_t weightsHash(const cnn_model &model) {
  uint64_t hash = 0xCBF29CE484222325ull;
  for (const cnn_model::Param &param : model.params()) {
    const auto *bytes = reinterpret_cast<const unsigned char *>(param.data.data());
    for (size_t i = 0; i < param.data.size() * sizeof(float); ++i)
      hash = (hash ^ bytes[i]) * 0x100000001B3ull;
  }
  return hash;
}

} // namespace

Share shareOf(int64_t count, int worker, int workers) {
  const int64_t begin = count * worker / workers;
  return {begin, count * (worker + 1) / workers - begin};
}

Share batchShareOf(int64_t batch, int64_t microBatch, int worker, int workers) {
  const int64_t micro = (batch + microBatch - 1) / microBatch;
  int64_t perWorker = 1;
  while (perWorker * workers < micro)
    perWorker *= 2;
  const int64_t begin = std::min(batch, worker * perWorker * microBatch);
  return {begin, std::min(batch, (worker + 1) * perWorker * microBatch) - begin};
}

void sumOverWorkers(Trainer &trainer, std::vector<Score> &scores) {
  constexpr size_t kFields = 5;
  std::vector<float> sums;
  for (const Score &score : scores)
    sums.insert(sums.end(), {static_cast<float>(score.lossSum), static_cast<float>(score.correct),
                             static_cast<float>(score.count), static_cast<float>(score.absErrorSum),
                             static_cast<float>(score.squaredErrorSum)});
  trainer.reduce(sums.data(), sums.size(), "the workers' scores were not summed");
  for (size_t s = 0; s < scores.size(); ++s) {
    const float *sum = sums.data() + s * kFields;
    scores[s] = {sum[0], static_cast<int64_t>(sum[1]), static_cast<int64_t>(sum[2]), sum[3],
                 sum[4]};
  }
}

void checkSameWeights(const cnn_model &model, Trainer &trainer, int workers, int epoch) {
  // Each byte of the hash and its square, summed: the sums are those of equal bytes on every
  // worker only when the bytes are equal (their variance is 0). Floats hold the sums exactly for
  // up to 258 workers (258 * 255^2 < 2^24).
  const uint64_t hash = weightsHash(model);
  constexpr int kBytes = 8;
  float sums[2 * kBytes];
  for (int b = 0; b < kBytes; ++b) {
    const float byte = static_cast<float>((hash >> (8 * b)) & 0xFF);
    sums[b] = byte;
    sums[kBytes + b] = byte * byte;
  }
  trainer.reduce(sums, 2 * kBytes, "the workers' weights were not compared");
  bool same = true;
  for (int b = 0; b < kBytes; ++b) {
    const float byte = static_cast<float>((hash >> (8 * b)) & 0xFF);
    same = same && sums[b] == byte * static_cast<float>(workers) &&
           sums[kBytes + b] == byte * byte * static_cast<float>(workers);
  }
  if (!same) {
    char hex[24];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    throw Error(CNN_ERROR_REDUCE,
                "after epoch " + std::to_string(epoch) + " the " + std::to_string(workers) +
                    " workers' weights differ (this worker's hash " + hex +
                    "): they were not given the same samples, options or weights");
  }
}

} // namespace cnnrt
