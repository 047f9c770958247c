// cnn_evaluate against the loss and accuracy computed here from cnn_forward's probabilities.
#include "TestModels.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace {

constexpr int64_t kClasses = 3, kImageSize = 4;

struct Scores {
  double loss, accuracy;
};

class Evaluate : public ::testing::Test {
protected:
  void SetUp() override {
    model_ = createModel(classifierModel());
    setParam(model_.get(), "dense.kernel", ramp(12, -1.5f, 0.83f));
    setParam(model_.get(), "dense.bias", {0.2f, -0.1f, 0.05f});
  }
  Scores evaluate(const std::vector<float> &images, const std::vector<int32_t> &labels,
                  int64_t batchSize) {
    Scores scores{-1.0, -1.0};
    const float *inputs[] = {images.data()};
    EXPECT_EQ(cnn_evaluate(model_.get(), inputs, labels.data(), static_cast<int64_t>(labels.size()),
                           batchSize, &scores.loss, &scores.accuracy),
              CNN_OK)
        << cnn_last_error();
    return scores;
  }
  std::vector<float> probabilities(const std::vector<float> &images) {
    const int64_t count = static_cast<int64_t>(images.size()) / kImageSize;
    std::vector<float> output(static_cast<size_t>(count * kClasses));
    const float *inputs[] = {images.data()};
    float *outputs[] = {output.data()};
    EXPECT_EQ(cnn_forward(model_.get(), count, inputs, outputs), CNN_OK) << cnn_last_error();
    return output;
  }
  // Keras's sparse categorical cross-entropy and accuracy, one sample at a time.
  Scores expected(const std::vector<float> &images, const std::vector<int32_t> &labels) {
    const std::vector<float> p = probabilities(images);
    double loss = 0.0;
    int correct = 0;
    for (size_t n = 0; n < labels.size(); ++n) {
      const float *row = &p[n * kClasses];
      loss -= std::log(std::max<double>(row[labels[n]], FLT_MIN));
      int best = 0;
      for (int c = 1; c < kClasses; ++c)
        if (row[c] > row[best])
          best = c;
      correct += best == labels[n];
    }
    return {loss / static_cast<double>(labels.size()),
            correct / static_cast<double>(labels.size())};
  }
  ModelPtr model_;
};

TEST_F(Evaluate, MatchesForwardForEveryBatchSize) {
  const std::vector<float> images = ramp(7 * kImageSize, 0.1f, 0.37f);
  const std::vector<int32_t> labels = {0, 1, 2, 2, 1, 0, 1};
  const Scores reference = expected(images, labels);
  // Some samples right and some wrong, so the accuracy tells them apart.
  ASSERT_GT(reference.accuracy, 0.0);
  ASSERT_LT(reference.accuracy, 1.0);
  // 3 leaves a partial last batch of one sample; 10 is more than there are samples.
  for (int64_t batchSize : {1, 3, 7, 10}) {
    const Scores scores = evaluate(images, labels, batchSize);
    EXPECT_NEAR(scores.loss, reference.loss, 1e-12) << "batch size " << batchSize;
    EXPECT_EQ(scores.accuracy, reference.accuracy) << "batch size " << batchSize;
  }
}

TEST_F(Evaluate, ProbabilitiesAreNotClippedAndZeroCountsAsTheSmallestFloat) {
  // Logits (400, 0, -400) for an image of ones: the probabilities are exactly 1, 0 and 0.
  setParam(model_.get(), "dense.kernel", {100, 0, -100, 100, 0, -100, 100, 0, -100, 100, 0, -100});
  setParam(model_.get(), "dense.bias", {0, 0, 0});
  const std::vector<float> image(kImageSize, 1.0f);
  ASSERT_EQ(probabilities(image), (std::vector<float>{1.0f, 0.0f, 0.0f}));

  const Scores wrong = evaluate(image, {2}, 1);
  EXPECT_DOUBLE_EQ(wrong.loss, -std::log(static_cast<double>(FLT_MIN)));
  EXPECT_EQ(wrong.accuracy, 0.0);
  const Scores right = evaluate(image, {0}, 1);
  EXPECT_DOUBLE_EQ(right.loss, 0.0);
  EXPECT_EQ(right.accuracy, 1.0);

  // Logits (17, 0, 0): p = 1 / (e^17 + 2) ~ 4e-8, below Keras's 1e-7 clipping bound.
  setParam(model_.get(), "dense.kernel", {4.25f, 0, 0, 4.25f, 0, 0, 4.25f, 0, 0, 4.25f, 0, 0});
  const float small = probabilities(image)[1];
  ASSERT_LT(small, 1e-7f);
  EXPECT_NEAR(evaluate(image, {1}, 1).loss, -std::log(static_cast<double>(small)), 1e-9);
}

TEST_F(Evaluate, TiesGoToTheFirstClass) {
  setParam(model_.get(), "dense.kernel", std::vector<float>(12, 0.0f));
  setParam(model_.get(), "dense.bias", {0, 0, 0});
  const std::vector<float> images(2 * kImageSize, 0.5f);
  const Scores scores = evaluate(images, {0, 1}, 2);
  EXPECT_EQ(scores.accuracy, 0.5);
  EXPECT_NEAR(scores.loss, std::log(3.0), 1e-6);
}

TEST_F(Evaluate, RejectsBadArguments) {
  const std::vector<float> images(2 * kImageSize);
  const std::vector<int32_t> labels = {1, 3};
  const float *inputs[] = {images.data()}, *nullInputs[] = {nullptr};
  double loss, accuracy;
  EXPECT_EQ(cnn_evaluate(model_.get(), inputs, labels.data(), 2, 2, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the label of sample 1 is 3, outside 0..2");
  EXPECT_EQ(cnn_evaluate(model_.get(), inputs, labels.data(), 0, 2, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the sample count must be at least 1, got 0");
  EXPECT_EQ(cnn_evaluate(model_.get(), inputs, labels.data(), 1, 0, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the batch size must be at least 1, got 0");
  EXPECT_EQ(cnn_evaluate(model_.get(), nullptr, labels.data(), 1, 1, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the input array is null");
  EXPECT_EQ(cnn_evaluate(model_.get(), nullInputs, labels.data(), 1, 1, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "input 1 ('input_1') is null");
  EXPECT_EQ(cnn_evaluate(model_.get(), inputs, nullptr, 1, 1, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the labels are null");
  EXPECT_EQ(cnn_evaluate(model_.get(), inputs, labels.data(), 1, 1, nullptr, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the loss pointer is null");
  EXPECT_EQ(cnn_evaluate(nullptr, inputs, labels.data(), 1, 1, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the model is null");
}

// Each batch takes its samples of every input: the scores are those of the whole forward pass.
TEST(EvaluateModels, TakesOneArrayPerInput) {
  ModelPtr model = createModel(twoViewsModel());
  constexpr int64_t kCount = 5, kViewSize = 8 * 8 * 2, kClassCount = 10;
  setParam(model.get(), "scale.kernel", ramp(kViewSize, -1.0f, 0.37f));
  setParam(model.get(), "scale_1.kernel", ramp(kViewSize, 0.5f, 0.61f));
  setParam(model.get(), "dense.kernel", ramp(128 * kClassCount, -0.2f, 0.013f));
  const std::vector<float> left = ramp(kCount * kViewSize, 0.1f, 0.29f),
                           right = ramp(kCount * kViewSize, -0.3f, 0.17f);
  std::vector<float> scores(kCount * kClassCount), maps(kCount * kViewSize);
  const float *inputs[] = {left.data(), right.data()};
  float *outputs[] = {scores.data(), maps.data()};
  ASSERT_EQ(cnn_forward(model.get(), kCount, inputs, outputs), CNN_OK) << cnn_last_error();
  // Samples 0, 2 and 4 are labelled with their largest score, 1 and 3 with another class.
  std::vector<int32_t> labels;
  double expectedLoss = 0.0;
  for (int64_t n = 0; n < kCount; ++n) {
    const float *row = &scores[n * kClassCount];
    const int32_t largest = static_cast<int32_t>(std::max_element(row, row + kClassCount) - row);
    labels.push_back(n % 2 == 0 ? largest : (largest + 1) % kClassCount);
    expectedLoss -= std::log(std::max<double>(row[labels[n]], FLT_MIN));
  }
  double loss = -1.0, accuracy = -1.0;
  ASSERT_EQ(cnn_evaluate(model.get(), inputs, labels.data(), kCount, 2, &loss, &accuracy), CNN_OK)
      << cnn_last_error();
  EXPECT_NEAR(loss, expectedLoss / kCount, 1e-6);
  EXPECT_EQ(accuracy, 0.6);
  const float *missingRight[] = {left.data(), nullptr};
  EXPECT_EQ(cnn_evaluate(model.get(), missingRight, labels.data(), kCount, 2, &loss, &accuracy),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "input 2 ('right') is null");
}

TEST(EvaluateModels, NeedsProbabilitiesFirst) {
  const std::vector<float> images(128);
  const float *inputs[] = {images.data()};
  const int32_t labels[] = {0};
  double loss, accuracy;
  // The classifier with its input layer as its only output.
  cnn_model_desc imagesOut = classifierModel();
  const int outputs[] = {0};
  imagesOut.outputs = outputs;
  ModelPtr model = createModel(imagesOut);
  EXPECT_EQ(cnn_evaluate(model.get(), inputs, labels, 1, 1, &loss, &accuracy), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "evaluation needs class probabilities (None, classes) from the "
                                 "first output, layer 'input_1' gives (None, 2, 2, 1)");
}

} // namespace
