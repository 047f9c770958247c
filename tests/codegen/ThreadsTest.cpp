// Separate instances of one compiled model used from two threads at once: bitwise the results of
// the same calls made one after the other, in inference and in training.
#include "ModelSpec.h"
#include "SpecLibrary.h"

#include "ModelLibrary.h"

#include <gtest/gtest.h>

#include <cstring>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

namespace cnnc::test {
namespace {

constexpr int kIterations = 1000;
constexpr int64_t kBatch = 16;

const ModelSpec &threadsSpec() {
  static const ModelSpec spec = dropoutClassifierSpec("threads", 16);
  return spec;
}

/// What one instance computes from `seed`: every forward pass's probabilities and each train
/// step's loss, then its parameters.
std::vector<float> run(const cnn::ModelLibrary &library, unsigned seed) {
  std::mt19937 rng(seed);
  setRandomParams(library, rng);
  std::vector<float> results;
  std::vector<float> probabilities(kBatch * 10);
  std::vector<int32_t> labels(kBatch);
  for (int i = 0; i < kIterations; ++i) {
    const SpecInputs inputs = randomInputs(threadsSpec(), kBatch, rng);
    for (int32_t &label : labels)
      label = static_cast<int32_t>(rng() % 10);
    float *outputs[] = {probabilities.data()};
    library.check(cnn_forward(library.model(), kBatch, inputs.pointers.data(), outputs));
    results.insert(results.end(), probabilities.begin(), probabilities.end());
    double loss = 0;
    library.check(cnn_train_step(library.model(), kBatch, inputs.pointers.data(), labels.data(),
                                 seed + static_cast<unsigned>(i), &loss, nullptr));
    results.push_back(static_cast<float>(loss));
  }
  const std::vector<float> params = allParams(library);
  results.insert(results.end(), params.begin(), params.end());
  return results;
}

TEST(Threads, TwoInstancesOnTwoThreadsMatchSerialRuns) {
  const std::string path = compileSpec(threadsSpec());
  // Each kernel's own parallel loops run too: the instances share the process's worker pool.
  const cnn::ModelLibrary serialA(path, 2), serialB(path, 2);
  const std::vector<float> expectedA = run(serialA, 1), expectedB = run(serialB, 2);
  ASSERT_NE(expectedA, expectedB);

  const cnn::ModelLibrary a(path, 2), b(path, 2);
  removeScratch(); // the library stays mapped
  std::vector<float> gotA, gotB;
  std::thread first([&] { gotA = run(a, 1); });
  std::thread second([&] { gotB = run(b, 2); });
  first.join();
  second.join();
  // Bitwise: float comparison with == would also accept -0 for +0.
  ASSERT_EQ(gotA.size(), expectedA.size());
  ASSERT_EQ(gotB.size(), expectedB.size());
  EXPECT_EQ(std::memcmp(gotA.data(), expectedA.data(), gotA.size() * sizeof(float)), 0);
  EXPECT_EQ(std::memcmp(gotB.data(), expectedB.data(), gotB.size() * sizeof(float)), 0);
  std::cout << kIterations << " forward passes and train steps on each of two threads, "
            << gotA.size() + gotB.size() << " values, all bitwise those of serial runs\n";
}

} // namespace
} // namespace cnnc::test
