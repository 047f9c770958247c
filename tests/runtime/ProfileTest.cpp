// Kernel profiling through the C API: calls, time and work per kernel, accumulated and reset.
#include "TestModels.h"
#include "TestSupport.h"
#include "TrainSupport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

namespace {

using Profile = std::map<std::string, cnn_profile_info>; // by "phase name"

Profile profile(const cnn_model *model) {
  Profile entries;
  for (int i = 0; i < cnn_profile_count(model); ++i) {
    cnn_profile_info info;
    EXPECT_EQ(cnn_profile_entry(model, i, &info), CNN_OK) << cnn_last_error();
    entries[std::string(info.phase) + " " + info.name] = info;
  }
  return entries;
}

double totalSeconds(const Profile &entries) {
  double seconds = 0.0;
  for (const auto &entry : entries)
    seconds += entry.second.seconds;
  return seconds;
}

class Profiling : public ::testing::Test {
protected:
  void SetUp() override {
    model_ = createModel(trainableModel());
    ASSERT_EQ(cnn_init_params(model_.get(), 7), CNN_OK);
    data_ = toySamples(8, 3);
  }
  void forward() {
    const float *inputs[] = {data_.images.data()};
    std::vector<float> out(static_cast<size_t>(data_.count() * 3));
    float *outputs[] = {out.data()};
    ASSERT_EQ(cnn_forward(model_.get(), data_.count(), inputs, outputs), CNN_OK)
        << cnn_last_error();
  }
  void trainStep() {
    const float *inputs[] = {data_.images.data()};
    ASSERT_EQ(cnn_train_step(model_.get(), data_.count(), inputs, data_.labels.data(), 1, nullptr,
                             nullptr),
              CNN_OK)
        << cnn_last_error();
  }
  ModelPtr model_;
  TrainingData data_;
};

TEST_F(Profiling, ListsEveryKernelOnceWithItsPhase) {
  // dense and dense_1 at inference; every training step but the flatten view.
  EXPECT_EQ(cnn_profile_count(model_.get()), 2 + 9 + 4);
  const Profile entries = profile(model_.get());
  EXPECT_EQ(entries.size(), 15u);
  for (const char *key :
       {"inference dense", "inference dense_1", "forward dense", "forward dropout",
        "backward loss.grad", "backward dense.grad_params", "update dense.kernel.update"})
    EXPECT_EQ(entries.count(key), 1u) << key;
  EXPECT_EQ(entries.count("forward flatten"), 0u);
  EXPECT_EQ(entries.count("inference flatten"), 0u);
}

TEST_F(Profiling, IsOffUntilEnabled) {
  forward();
  trainStep();
  for (const auto &entry : profile(model_.get())) {
    EXPECT_EQ(entry.second.calls, 0) << entry.first;
    EXPECT_EQ(entry.second.seconds, 0.0) << entry.first;
    EXPECT_EQ(entry.second.flops, 0.0) << entry.first;
  }
}

TEST_F(Profiling, CountsCallsTimeAndWorkPerKernel) {
  ASSERT_EQ(cnn_set_profiling(model_.get(), 1), CNN_OK);
  const auto start = std::chrono::steady_clock::now();
  forward();
  forward();
  trainStep();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Profile entries = profile(model_.get());

  const double batch = static_cast<double>(data_.count());
  EXPECT_EQ(entries.at("inference dense").calls, 2);
  EXPECT_EQ(entries.at("inference dense").flops, 2 * batch * kTrainableDenseFlops);
  EXPECT_EQ(entries.at("inference dense_1").flops, 2 * batch * kTrainableDense1Flops);
  EXPECT_EQ(entries.at("forward dense").calls, 1);
  EXPECT_EQ(entries.at("forward dense").flops, batch * kTrainableDenseFlops);
  EXPECT_EQ(entries.at("backward dense_1.grad_input").flops, batch * kTrainableDense1Flops);
  EXPECT_EQ(entries.at("backward dense.grad_params").flops, batch * kTrainableDenseFlops);
  // Kernels that only move data, and optimizer updates, do no counted work.
  EXPECT_EQ(entries.at("forward dropout").calls, 1);
  EXPECT_EQ(entries.at("forward dropout").flops, 0.0);
  EXPECT_EQ(entries.at("update dense_1.bias.update").calls, 1);
  EXPECT_EQ(entries.at("update dense_1.bias.update").flops, 0.0);
  for (const auto &entry : entries) {
    EXPECT_EQ(entry.second.calls, entry.first.rfind("inference", 0) == 0 ? 2 : 1) << entry.first;
    EXPECT_GT(entry.second.seconds, 0.0) << entry.first;
  }
  // The kernels' times are parts of the calls' wall time.
  EXPECT_LE(totalSeconds(entries), wall);
}

TEST_F(Profiling, EnablingResetsAndDisablingKeepsTheCounters) {
  ASSERT_EQ(cnn_set_profiling(model_.get(), 1), CNN_OK);
  trainStep();
  trainStep();
  ASSERT_EQ(cnn_set_profiling(model_.get(), 0), CNN_OK);
  trainStep(); // not counted
  Profile entries = profile(model_.get());
  EXPECT_EQ(entries.at("forward dense").calls, 2);
  EXPECT_EQ(entries.at("forward dense").flops, 2 * data_.count() * kTrainableDenseFlops);
  const double seconds = totalSeconds(entries);
  EXPECT_GT(seconds, 0.0);

  ASSERT_EQ(cnn_set_profiling(model_.get(), 1), CNN_OK);
  entries = profile(model_.get());
  for (const auto &entry : entries) {
    EXPECT_EQ(entry.second.calls, 0) << entry.first;
    EXPECT_EQ(entry.second.flops, 0.0) << entry.first;
  }
  EXPECT_EQ(totalSeconds(entries), 0.0);
  trainStep();
  EXPECT_EQ(profile(model_.get()).at("forward dense").calls, 1);
}

TEST_F(Profiling, RejectsBadArguments) {
  cnn_profile_info info;
  EXPECT_EQ(cnn_profile_entry(model_.get(), 15, &info), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "profile entry 15 is out of range (there are 15)");
  EXPECT_EQ(cnn_profile_entry(model_.get(), -1, &info), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_profile_entry(model_.get(), 0, nullptr), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_profile_entry(nullptr, 0, &info), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_set_profiling(nullptr, 1), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_profile_count(nullptr), 0);
}

TEST_F(Profiling, CountsOnlyInferenceKernelsWithoutATrainingProgram) {
  ModelPtr model = createModel(classifierModel());
  EXPECT_EQ(cnn_profile_count(model.get()), 2); // dense, softmax
}

} // namespace
