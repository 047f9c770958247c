// Tests of the forward pass: kernel calls, layer outputs, argument checks, kernel failures.
#include "TestModels.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace {

class TinyForward : public ::testing::Test {
protected:
  void SetUp() override {
    model_ = createTinyModel();
    setParam(model_.get(), "scale.kernel", ramp(24, -1.0f, 0.37f));
    setParam(model_.get(), "scale.bias", {0.5f, -0.25f, 1.0f, 0.0f});
    setParam(model_.get(), "dense.kernel", ramp(72, 0.3f, 0.71f));
    setParam(model_.get(), "dense.bias", {0.1f, 0.2f, -0.3f});
  }
  std::vector<float> expectedScale(const std::vector<float> &input) const {
    return scaleReference(input, getParam(model_.get(), "scale.kernel"),
                          getParam(model_.get(), "scale.bias"));
  }
  std::vector<float> expectedOutput(const std::vector<float> &input) const {
    return denseReference(expectedScale(input), getParam(model_.get(), "dense.kernel"),
                          getParam(model_.get(), "dense.bias"));
  }
  ModelPtr model_;
};

void expectNear(const std::vector<float> &actual, const std::vector<float> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 1e-5f * std::max(1.0f, std::abs(expected[i])))
        << "at " << i;
}

TEST_F(TinyForward, MatchesTheReferenceForEachBatchSize) {
  // 1 after 5 makes the runtime shrink its activation buffers again.
  for (int64_t batch : {1, 5, 5, 1}) {
    const std::vector<float> input = ramp(static_cast<size_t>(batch) * 24, 0.2f, 0.13f);
    std::vector<float> output(static_cast<size_t>(batch) * 3);
    const float *inputs[] = {input.data()};
    float *outputs[] = {output.data()};
    ASSERT_EQ(cnn_forward(model_.get(), batch, inputs, outputs), CNN_OK) << cnn_last_error();
    expectNear(output, expectedOutput(input));
  }
}

TEST_F(TinyForward, ReturnsAnyLayersOutputByName) {
  const std::vector<float> input = ramp(2 * 24, -0.7f, 0.29f);
  const float *inputs[] = {input.data()};
  std::vector<float> data(2 * 24);
  ASSERT_EQ(cnn_layer_output(model_.get(), "scale", 2, inputs, data.data(), data.size()), CNN_OK);
  expectNear(data, expectedScale(input));
  ASSERT_EQ(cnn_layer_output(model_.get(), "flatten", 2, inputs, data.data(), data.size()), CNN_OK);
  expectNear(data, expectedScale(input));
  ASSERT_EQ(cnn_layer_output(model_.get(), "input_1", 2, inputs, data.data(), data.size()), CNN_OK);
  EXPECT_EQ(data, input);
  data.resize(2 * 3);
  ASSERT_EQ(cnn_layer_output(model_.get(), "dense", 2, inputs, data.data(), data.size()), CNN_OK);
  expectNear(data, expectedOutput(input));
}

TEST_F(TinyForward, RejectsAnUnknownLayerAndAWrongCount) {
  const std::vector<float> input(24);
  const float *inputs[] = {input.data()};
  std::vector<float> data(24);
  EXPECT_EQ(cnn_layer_output(model_.get(), "conv2d", 1, inputs, data.data(), data.size()),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the model has no layer 'conv2d'");
  EXPECT_EQ(cnn_layer_output(model_.get(), "dense", 1, inputs, data.data(), data.size()),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(),
               "layer 'dense' outputs 3 floats for batch 1, the caller gave room for 24");
}

TEST_F(TinyForward, RejectsBadBatchesAndNullPointers) {
  const std::vector<float> input(24);
  std::vector<float> output(3);
  const float *inputs[] = {input.data()}, *nullInputs[] = {nullptr};
  float *outputs[] = {output.data()}, *nullOutputs[] = {nullptr};
  EXPECT_EQ(cnn_forward(model_.get(), 0, inputs, outputs), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the batch size must be at least 1, got 0");
  // An empty batch's output buffers are empty too; the batch is what is wrong ("output 0 is
  // null" said otherwise).
  EXPECT_EQ(cnn_forward(model_.get(), 0, inputs, nullOutputs), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the batch size must be at least 1, got 0");
  EXPECT_EQ(cnn_forward(model_.get(), -3, inputs, outputs), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_forward(model_.get(), 1, nullptr, outputs), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the input array is null");
  EXPECT_EQ(cnn_forward(model_.get(), 1, nullInputs, outputs), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "input 1 ('input_1') is null");
  EXPECT_EQ(cnn_forward(model_.get(), 1, inputs, nullOutputs), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "output 0 is null");
  EXPECT_EQ(cnn_forward(nullptr, 1, inputs, outputs), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_forward(model_.get(), int64_t(1) << 40, inputs, outputs), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "batch size 1099511627776 is too large for layer 'input_1'");
}

TEST_F(TinyForward, SetsTheThreadCount) {
  EXPECT_EQ(cnn_set_threads(model_.get(), 2), CNN_OK);
  EXPECT_EQ(cnn_set_threads(model_.get(), 0), CNN_OK);
  EXPECT_EQ(cnn_set_threads(model_.get(), -1), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the thread count must be 0 or more, got -1");
}

TEST(Forward, FunctionalModelFeedsEachInputToItsLayers) {
  ModelPtr model = createModel(twoViewsModel());
  setParam(model.get(), "scale.kernel", ramp(128, 1.0f, 0.11f));
  setParam(model.get(), "scale.bias", {0.5f, -1.0f});
  setParam(model.get(), "scale_1.kernel", ramp(128, -1.0f, 0.23f));
  setParam(model.get(), "scale_1.bias", {-0.5f, 0.25f});
  setParam(model.get(), "dense.kernel", ramp(1280, -1.0f, 0.07f));
  setParam(model.get(), "dense.bias", ramp(10, 0.0f, 0.3f));
  const int64_t batch = 3;
  const std::vector<float> left = ramp(batch * 128, 0.1f, 0.4f),
                           right = ramp(batch * 128, -1.5f, 0.35f);
  std::vector<float> dense(batch * 10), scale(batch * 128);
  const float *inputs[] = {left.data(), right.data()};
  float *outputs[] = {dense.data(), scale.data()};
  ASSERT_EQ(cnn_forward(model.get(), batch, inputs, outputs), CNN_OK) << cnn_last_error();

  const std::vector<float> expectedScale = scaleReference(
      left, getParam(model.get(), "scale.kernel"), getParam(model.get(), "scale.bias"));
  const std::vector<float> sum =
      addReference(expectedScale, scaleReference(right, getParam(model.get(), "scale_1.kernel"),
                                                 getParam(model.get(), "scale_1.bias")));
  expectNear(scale, expectedScale);
  expectNear(dense, denseReference(sum, getParam(model.get(), "dense.kernel"),
                                   getParam(model.get(), "dense.bias")));
}

TEST(Forward, KernelFailureReportsHalidesMessage) {
  ModelPtr model = createModel(brokenModel());
  const std::vector<float> input = {1.0f, 2.0f, 3.0f};
  std::vector<float> fine(3), broken(3);
  const float *inputs[] = {input.data()};
  float *outputs[] = {fine.data(), broken.data()};
  EXPECT_EQ(cnn_forward(model.get(), 1, inputs, outputs), CNN_ERROR_KERNEL);
  EXPECT_EQ(std::string(cnn_last_error()),
            std::string("the kernel of layer 'broken' failed: ") + kBrokenKernelMessage);
}

TEST(Forward, LayerOutputRunsOnlyTheLayersItNeeds) {
  ModelPtr model = createModel(brokenModel());
  setParam(model.get(), "fine.kernel", {2.0f, 3.0f, 4.0f});
  const std::vector<float> input = {1.0f, 2.0f, 3.0f};
  std::vector<float> fine(3);
  const float *inputs[] = {input.data()};
  ASSERT_EQ(cnn_layer_output(model.get(), "fine", 1, inputs, fine.data(), fine.size()), CNN_OK)
      << cnn_last_error();
  EXPECT_EQ(fine, (std::vector<float>{2.0f, 6.0f, 12.0f}));
}

} // namespace
