// Reading, writing and initialising parameter tensors.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

TEST(Params, StartAtZero) {
  ModelPtr model = createTinyModel();
  for (const std::vector<float> &values : allParams(model.get()))
    for (float value : values)
      EXPECT_EQ(value, 0.0f);
}

TEST(Params, SetThenGetRoundTrips) {
  ModelPtr model = createTinyModel();
  const std::vector<float> kernel = ramp(72, -1.0f, 0.03f);
  setParam(model.get(), "dense.kernel", kernel);
  EXPECT_EQ(getParam(model.get(), "dense.kernel"), kernel);
  EXPECT_EQ(getParam(model.get(), "dense.bias"), std::vector<float>(3, 0.0f));
}

TEST(Params, CountMismatchNamesBothCounts) {
  ModelPtr model = createTinyModel();
  std::vector<float> values(5, 1.0f);
  EXPECT_EQ(cnn_set_param(model.get(), "scale.bias", values.data(), values.size()),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "parameter 'scale.bias' has 4 elements, the caller gave 5");
  EXPECT_EQ(cnn_get_param(model.get(), "scale.bias", values.data(), 3), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "parameter 'scale.bias' has 4 elements, the caller gave 3");
  EXPECT_EQ(getParam(model.get(), "scale.bias"), std::vector<float>(4, 0.0f));
}

TEST(Params, UnknownNameAndNullDataAreArgumentErrors) {
  ModelPtr model = createTinyModel();
  float value = 0.0f;
  EXPECT_EQ(cnn_get_param(model.get(), "dense.gamma", &value, 1), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the model has no parameter 'dense.gamma'");
  EXPECT_EQ(cnn_set_param(model.get(), "dense.bias", nullptr, 3), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the data pointer is null");
}

TEST(GlorotInit, IsDeterministicPerSeed) {
  ModelPtr first = createTinyModel(), second = createTinyModel();
  ASSERT_EQ(cnn_init_params(first.get(), 7), CNN_OK);
  ASSERT_EQ(cnn_init_params(second.get(), 7), CNN_OK);
  EXPECT_EQ(allParams(first.get()), allParams(second.get()));
  ASSERT_EQ(cnn_init_params(second.get(), 8), CNN_OK);
  EXPECT_NE(getParam(first.get(), "dense.kernel"), getParam(second.get(), "dense.kernel"));
}

TEST(GlorotInit, FillsKernelsUniformlyWithinTheLimitAndZeroesBiases) {
  ModelPtr model = createTinyModel();
  const struct {
    const char *name;
    double limit;
  } kernels[] = {{"scale.kernel", std::sqrt(6.0 / 8.0)}, {"dense.kernel", std::sqrt(6.0 / 27.0)}};
  // Values scaled by their limit should look like uniform(-1, 1): mean 0, std 1/sqrt(3).
  double sum = 0, squares = 0;
  size_t count = 0;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    setParam(model.get(), "scale.bias", std::vector<float>(4, 1.0f));
    ASSERT_EQ(cnn_init_params(model.get(), seed), CNN_OK);
    for (const auto &kernel : kernels)
      for (float value : getParam(model.get(), kernel.name)) {
        ASSERT_LE(std::abs(value), kernel.limit);
        sum += value / kernel.limit;
        squares += (value / kernel.limit) * (value / kernel.limit);
        ++count;
      }
    EXPECT_EQ(getParam(model.get(), "scale.bias"), std::vector<float>(4, 0.0f));
    EXPECT_EQ(getParam(model.get(), "dense.bias"), std::vector<float>(3, 0.0f));
  }
  const double mean = sum / count;
  EXPECT_NEAR(mean, 0.0, 0.03);
  EXPECT_NEAR(std::sqrt(squares / count - mean * mean), 1.0 / std::sqrt(3.0), 0.02);
}

} // namespace
