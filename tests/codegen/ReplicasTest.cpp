// Data-parallel training in one process (cnn_set_replicas, cnn_set_micro_batch): micro-batches keep
// the whole batch's dropout masks, and any number of replicas trains bitwise as one does.
#include "ModelSpec.h"
#include "SpecLibrary.h"

#include "ModelLibrary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iostream>
#include <random>
#include <vector>

namespace cnnc::test {
namespace {

constexpr int64_t kBatch = 16;

const ModelSpec &replicasSpec() {
  static const ModelSpec spec = dropoutClassifierSpec("replicas", 8);
  return spec;
}

const std::string &libraryPath() {
  static const std::string path = compileSpec(replicasSpec());
  return path;
}

double largestDifference(const std::vector<float> &a, const std::vector<float> &b) {
  double largest = 0.0;
  for (size_t i = 0; i < a.size(); ++i)
    largest = std::max(largest, std::fabs(static_cast<double>(a[i]) - b[i]));
  return largest;
}

struct Batch {
  SpecInputs inputs;
  std::vector<int32_t> labels;
};

Batch randomBatch(int64_t size, std::mt19937 &rng) {
  Batch batch{randomInputs(replicasSpec(), size, rng), std::vector<int32_t>(size)};
  for (int32_t &label : batch.labels)
    label = static_cast<int32_t>(rng() % 10);
  return batch;
}

// A model of `replicas` replicas and micro-batches of `micro` samples, from the same random
// parameters every time.
std::unique_ptr<cnn::ModelLibrary> replicatedModel(int replicas, int64_t micro) {
  auto library = std::make_unique<cnn::ModelLibrary>(libraryPath(), 2);
  std::mt19937 rng(5);
  setRandomParams(*library, rng);
  library->check(cnn_set_replicas(library->model(), replicas));
  library->check(cnn_set_micro_batch(library->model(), micro));
  return library;
}

// The gradients and loss of one batch of `size` samples.
std::vector<float> gradientsOf(int replicas, int64_t micro, int64_t size, double &loss) {
  const auto library = replicatedModel(replicas, micro);
  std::mt19937 rng(11);
  const Batch batch = randomBatch(size, rng);
  library->check(cnn_compute_gradients(library->model(), size, batch.inputs.pointers.data(),
                                       batch.labels.data(), 77, &loss, nullptr));
  return allParams(*library, true);
}

// The parameters after `steps` train steps on random batches of `size`.
std::vector<float> paramsAfter(int replicas, int64_t micro, int steps, int64_t size = kBatch) {
  const auto library = replicatedModel(replicas, micro);
  std::mt19937 rng(3);
  for (int s = 0; s < steps; ++s) {
    const Batch batch = randomBatch(size, rng);
    library->check(cnn_train_step(library->model(), size, batch.inputs.pointers.data(),
                                  batch.labels.data(), 100u + static_cast<uint32_t>(s), nullptr,
                                  nullptr));
  }
  return allParams(*library);
}

bool bitwiseEqual(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(Replicas, MicroBatchesKeepTheWholeBatchsDropoutMasks) {
  double wholeLoss = 0.0;
  const std::vector<float> whole = gradientsOf(1, kBatch, kBatch, wholeLoss);
  // 16 samples as 5 + 5 + 5 + 1, and as 4 x 4 on three replicas: other sums, the same masks.
  for (auto [replicas, micro] : {std::pair{1, int64_t{5}}, std::pair{3, int64_t{4}}}) {
    double loss = 0.0;
    const std::vector<float> split = gradientsOf(replicas, micro, kBatch, loss);
    // Another mask changes gradients by far more than the sums' rounding.
    const double difference = largestDifference(split, whole);
    EXPECT_LT(difference, 1e-5) << replicas << " replicas, micro-batch " << micro;
    EXPECT_NEAR(loss, wholeLoss, 1e-6 * std::fabs(wholeLoss));
    std::cout << "micro-batches of " << micro << " on " << replicas
              << " replica(s): largest gradient difference from one pass " << difference << "\n";
  }
}

TEST(Replicas, AnyCountTrainsBitwiseAsOneReplica) {
  const std::vector<float> one = paramsAfter(1, 4, 100);
  for (int replicas : {2, 3, 5}) {
    EXPECT_TRUE(bitwiseEqual(paramsAfter(replicas, 4, 100), one)) << replicas << " replicas";
    std::cout << replicas << " replicas, 100 Adam steps of 16 samples in micro-batches of 4: "
              << "weights bitwise those of one replica\n";
  }
  // 3 samples in micro-batches of 1 on 4 replicas, one of them idle.
  EXPECT_TRUE(bitwiseEqual(paramsAfter(4, 1, 20, 3), paramsAfter(1, 1, 20, 3)));
  EXPECT_GT(largestDifference(one, paramsAfter(1, 4, 0)), 1e-2); // training moved the weights
}

TEST(Replicas, CountAndMicroBatchAreChecked) {
  const auto library = replicatedModel(1, kBatch);
  EXPECT_EQ(cnn_set_replicas(library->model(), 0), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the number of replicas must be 1 to 1024, got 0");
  EXPECT_EQ(cnn_replicas(library->model()), 1);
  library->check(cnn_set_replicas(library->model(), 3));
  EXPECT_EQ(cnn_replicas(library->model()), 3);
  EXPECT_EQ(cnn_set_micro_batch(library->model(), 0), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the micro-batch must be 1 to 1048576 samples, got 0");
  EXPECT_EQ(cnn_micro_batch(library->model()), kBatch);
}

} // namespace
} // namespace cnnc::test
