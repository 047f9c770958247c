// Keras's train_on_batch through the C API: gradients, optimizer updates and their errors.
#include "TestModels.h"
#include "TestSupport.h"
#include "TrainSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

const char *const kParams[] = {"dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"};

std::vector<std::vector<double>> asDouble(const std::vector<std::vector<float>> &params) {
  std::vector<std::vector<double>> values;
  for (const std::vector<float> &param : params)
    values.emplace_back(param.begin(), param.end());
  return values;
}

class Train : public ::testing::Test {
protected:
  void SetUp() override {
    model_ = createModel(trainableModel());
    ASSERT_EQ(cnn_init_params(model_.get(), 7), CNN_OK);
    // Non-zero biases, so that no relu sits exactly at its kink.
    setParam(model_.get(), "dense.bias", ramp(6, 0.05f, 0.13f));
    setParam(model_.get(), "dense_1.bias", {0.1f, -0.2f, 0.05f});
    data_ = toySamples(8, 3);
  }
  cnn_status compute(cnn_model *model, uint32_t seed, double *loss = nullptr,
                     double *accuracy = nullptr) {
    const float *inputs[] = {data_.images.data()};
    return cnn_compute_gradients(model, data_.count(), inputs, data_.labels.data(), seed, loss,
                                 accuracy);
  }
  std::vector<float> gradient(const cnn_model *model, const char *name) {
    std::vector<float> values(getParam(model, name).size());
    EXPECT_EQ(cnn_get_gradient(model, name, values.data(), values.size()), CNN_OK)
        << cnn_last_error();
    return values;
  }
  std::vector<std::vector<float>> gradients(const cnn_model *model) {
    std::vector<std::vector<float>> values;
    for (const char *name : kParams)
      values.push_back(gradient(model, name));
    return values;
  }
  ModelPtr model_;
  TrainingData data_;
};

TEST_F(Train, ReportsTheOptimizerOfCompile) {
  EXPECT_EQ(cnn_can_train(model_.get()), 1);
  EXPECT_STREQ(cnn_optimizer_name(model_.get()), "adam");
  EXPECT_EQ(cnn_learning_rate(model_.get()), kTrainableLearningRate);
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 0);
  ModelPtr sgd = createModel(trainableSgdModel());
  EXPECT_STREQ(cnn_optimizer_name(sgd.get()), "sgd");
  EXPECT_EQ(cnn_learning_rate(sgd.get()), kTrainableSgdLearningRate);
}

TEST_F(Train, SetsTheLearningRateOnlyToAPositiveFiniteValue) {
  ASSERT_EQ(cnn_set_learning_rate(model_.get(), 0.5), CNN_OK);
  EXPECT_EQ(cnn_learning_rate(model_.get()), 0.5);
  for (double rate : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()})
    EXPECT_EQ(cnn_set_learning_rate(model_.get(), rate), CNN_ERROR_ARGUMENT) << rate;
  EXPECT_STREQ(cnn_last_error(), "the learning rate must be positive and finite, got inf");
  EXPECT_EQ(cnn_learning_rate(model_.get()), 0.5);
}

TEST_F(Train, InferenceOnlyLibraryRefusesToTrain) {
  ModelPtr model = createModel(classifierModel());
  EXPECT_EQ(cnn_can_train(model.get()), 0);
  EXPECT_STREQ(cnn_optimizer_name(model.get()), "");
  EXPECT_EQ(cnn_set_learning_rate(model.get(), 0.1), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "model 'classifier' cannot train: this library was compiled "
                                 "with --inference-only");
  EXPECT_EQ(compute(model.get(), 1), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_apply_gradients(model.get()), CNN_ERROR_ARGUMENT);
  cnn_fit_options options;
  cnn_fit_options_init(&options);
  const float *inputs[] = {data_.images.data()};
  EXPECT_EQ(cnn_fit(model.get(), &options, inputs, data_.labels.data(), data_.count(), nullptr,
                    nullptr, 0, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_NE(std::string(cnn_last_error()).find("--inference-only"), std::string::npos);
}

TEST_F(Train, GradientsMatchTheDoubleReference) {
  double loss = -1.0, accuracy = -1.0;
  ASSERT_EQ(compute(model_.get(), 12345, &loss, &accuracy), CNN_OK) << cnn_last_error();
  const Reference reference =
      trainableReference(asDouble(allParams(model_.get())), data_.images, data_.labels, 12345);
  EXPECT_NEAR(loss, reference.loss, 1e-6);
  EXPECT_GE(accuracy, 0.0);
  EXPECT_LE(accuracy, 1.0);
  const std::vector<std::vector<float>> actual = gradients(model_.get());
  for (size_t p = 0; p < actual.size(); ++p)
    for (size_t i = 0; i < actual[p].size(); ++i)
      EXPECT_NEAR(actual[p][i], reference.gradients[p][i], 1e-6) << kParams[p] << "[" << i << "]";
}

TEST_F(Train, ReferenceGradientsMatchFiniteDifferences) {
  const std::vector<std::vector<double>> params = asDouble(allParams(model_.get()));
  const Reference reference = trainableReference(params, data_.images, data_.labels, 99);
  const double step = 1e-6;
  for (size_t p = 0; p < params.size(); ++p)
    for (size_t i = 0; i < params[p].size(); ++i) {
      std::vector<std::vector<double>> up = params, down = params;
      up[p][i] += step;
      down[p][i] -= step;
      const double slope = (trainableReference(up, data_.images, data_.labels, 99).loss -
                            trainableReference(down, data_.images, data_.labels, 99).loss) /
                           (2 * step);
      EXPECT_NEAR(reference.gradients[p][i], slope, 1e-7) << kParams[p] << "[" << i << "]";
    }
}

TEST_F(Train, DropoutMasksFollowTheSeed) {
  ASSERT_EQ(compute(model_.get(), 1), CNN_OK) << cnn_last_error();
  const std::vector<std::vector<float>> first = gradients(model_.get());
  ASSERT_EQ(compute(model_.get(), 2), CNN_OK) << cnn_last_error();
  EXPECT_NE(gradients(model_.get()), first);
  ASSERT_EQ(compute(model_.get(), 1), CNN_OK) << cnn_last_error();
  EXPECT_EQ(gradients(model_.get()), first);
}

TEST_F(Train, ComputingGradientsLeavesTheParametersAlone) {
  const std::vector<std::vector<float>> before = allParams(model_.get());
  ASSERT_EQ(compute(model_.get(), 5), CNN_OK) << cnn_last_error();
  EXPECT_EQ(allParams(model_.get()), before);
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 0);
}

TEST_F(Train, AdamStepsMatchKeras) {
  const std::vector<std::vector<float>> initial = allParams(model_.get());
  std::vector<std::vector<float>> params = initial, m, v;
  for (const std::vector<float> &param : params) {
    m.emplace_back(param.size(), 0.0f);
    v.emplace_back(param.size(), 0.0f);
  }
  for (int t = 1; t <= 2; ++t) {
    ASSERT_EQ(compute(model_.get(), static_cast<uint32_t>(t)), CNN_OK) << cnn_last_error();
    const std::vector<std::vector<float>> g = gradients(model_.get());
    ASSERT_EQ(cnn_apply_gradients(model_.get()), CNN_OK) << cnn_last_error();
    EXPECT_EQ(cnn_optimizer_steps(model_.get()), t);
    const float alpha =
        static_cast<float>(kTrainableLearningRate * std::sqrt(1.0 - std::pow(kTrainableBeta2, t)) /
                           (1.0 - std::pow(kTrainableBeta1, t)));
    const std::vector<std::vector<float>> actual = allParams(model_.get());
    for (size_t p = 0; p < params.size(); ++p)
      for (size_t i = 0; i < params[p].size(); ++i) {
        m[p][i] += (g[p][i] - m[p][i]) * (1.0f - static_cast<float>(kTrainableBeta1));
        v[p][i] += (g[p][i] * g[p][i] - v[p][i]) * (1.0f - static_cast<float>(kTrainableBeta2));
        params[p][i] -=
            m[p][i] * alpha / (std::sqrt(v[p][i]) + static_cast<float>(kTrainableEpsilon));
        EXPECT_NEAR(actual[p][i], params[p][i], 1e-6) << kParams[p] << "[" << i << "], t " << t;
      }
  }
  // Adam moves every parameter with a non-zero gradient by about the learning rate.
  EXPECT_NEAR(allParams(model_.get())[3][0], initial[3][0], 2.5 * kTrainableLearningRate);
  EXPECT_GT(std::fabs(allParams(model_.get())[3][0] - initial[3][0]), 0.5 * kTrainableLearningRate);
}

TEST_F(Train, SgdStepsByTheOverriddenLearningRateWithMomentum) {
  ModelPtr model = createModel(trainableSgdModel());
  ASSERT_EQ(cnn_init_params(model.get(), 7), CNN_OK);
  ASSERT_EQ(cnn_set_learning_rate(model.get(), 0.25), CNN_OK);
  std::vector<std::vector<float>> expected = allParams(model.get()), momentum;
  for (const std::vector<float> &param : expected)
    momentum.emplace_back(param.size(), 0.0f);
  for (uint32_t t = 1; t <= 2; ++t) {
    ASSERT_EQ(compute(model.get(), t), CNN_OK) << cnn_last_error();
    const std::vector<std::vector<float>> g = gradients(model.get());
    ASSERT_EQ(cnn_apply_gradients(model.get()), CNN_OK) << cnn_last_error();
    const std::vector<std::vector<float>> actual = allParams(model.get());
    for (size_t p = 0; p < expected.size(); ++p)
      for (size_t i = 0; i < expected[p].size(); ++i) {
        momentum[p][i] =
            -g[p][i] * 0.25f + momentum[p][i] * static_cast<float>(kTrainableSgdMomentum);
        expected[p][i] += momentum[p][i];
        EXPECT_EQ(actual[p][i], expected[p][i]) << kParams[p] << "[" << i << "], t " << t;
      }
  }
  EXPECT_EQ(cnn_optimizer_steps(model.get()), 2);
}

TEST_F(Train, TrainStepIsComputeThenApply) {
  ModelPtr other = createModel(trainableModel());
  for (size_t p = 0; p < 4; ++p)
    setParam(other.get(), kParams[p], getParam(model_.get(), kParams[p]));
  const float *inputs[] = {data_.images.data()};
  double loss = -1.0, accuracy = -1.0, computedLoss = -2.0, computedAccuracy = -2.0;
  ASSERT_EQ(
      cnn_train_step(model_.get(), data_.count(), inputs, data_.labels.data(), 8, &loss, &accuracy),
      CNN_OK)
      << cnn_last_error();
  ASSERT_EQ(compute(other.get(), 8, &computedLoss, &computedAccuracy), CNN_OK);
  ASSERT_EQ(cnn_apply_gradients(other.get()), CNN_OK);
  EXPECT_EQ(loss, computedLoss);
  EXPECT_EQ(accuracy, computedAccuracy);
  EXPECT_EQ(allParams(model_.get()), allParams(other.get()));
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 1);
}

TEST_F(Train, ASmallerBatchReusesTheBuffers) {
  const float *inputs[] = {data_.images.data()};
  ASSERT_EQ(compute(model_.get(), 4), CNN_OK);
  const std::vector<std::vector<float>> full = gradients(model_.get());
  ASSERT_EQ(
      cnn_compute_gradients(model_.get(), 3, inputs, data_.labels.data(), 4, nullptr, nullptr),
      CNN_OK)
      << cnn_last_error();
  const std::vector<std::vector<float>> small = gradients(model_.get());
  ModelPtr fresh = createModel(trainableModel());
  for (size_t p = 0; p < 4; ++p)
    setParam(fresh.get(), kParams[p], getParam(model_.get(), kParams[p]));
  ASSERT_EQ(cnn_compute_gradients(fresh.get(), 3, inputs, data_.labels.data(), 4, nullptr, nullptr),
            CNN_OK);
  EXPECT_EQ(small, gradients(fresh.get()));
  EXPECT_NE(small, full);
  ASSERT_EQ(compute(model_.get(), 4), CNN_OK);
  EXPECT_EQ(gradients(model_.get()), full);
}

TEST_F(Train, RejectsBadArguments) {
  const float *inputs[] = {data_.images.data()}, *nullInputs[] = {nullptr};
  const int32_t *labels = data_.labels.data();
  std::vector<float> room(24);
  EXPECT_EQ(cnn_get_gradient(model_.get(), "dense.kernel", room.data(), 24), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "there are no gradients yet: cnn_compute_gradients comes first");
  EXPECT_EQ(cnn_compute_gradients(model_.get(), 0, inputs, labels, 1, nullptr, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the batch size must be at least 1, got 0");
  EXPECT_EQ(cnn_compute_gradients(model_.get(), 2, nullInputs, labels, 1, nullptr, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_compute_gradients(model_.get(), 2, inputs, nullptr, 1, nullptr, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the labels are null");
  EXPECT_EQ(cnn_compute_gradients(nullptr, 2, inputs, labels, 1, nullptr, nullptr),
            CNN_ERROR_ARGUMENT);
  const int32_t badLabels[] = {0, 2, 3};
  EXPECT_EQ(cnn_train_step(model_.get(), 3, inputs, badLabels, 1, nullptr, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the label of sample 2 is 3, outside 0..2");
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 0);

  ASSERT_EQ(compute(model_.get(), 1), CNN_OK);
  EXPECT_EQ(cnn_get_gradient(model_.get(), "dense.kernel", room.data(), 23), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "parameter 'dense.kernel' has 24 elements, the caller gave 23");
  EXPECT_EQ(cnn_get_gradient(model_.get(), "conv2d.kernel", room.data(), 24), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_get_gradient(model_.get(), "dense.kernel", nullptr, 24), CNN_ERROR_ARGUMENT);
}

TEST_F(Train, TrainStepRefusesADivergedBatch) {
  data_.images[5] = std::nanf("");
  const std::vector<std::vector<float>> before = allParams(model_.get());
  const float *inputs[] = {data_.images.data()};
  double loss = 0.0;
  EXPECT_EQ(
      cnn_train_step(model_.get(), data_.count(), inputs, data_.labels.data(), 1, &loss, nullptr),
      CNN_ERROR_NUMERIC);
  EXPECT_STREQ(cnn_last_error(), "the loss is nan; the update was not applied");
  EXPECT_TRUE(std::isnan(loss));
  EXPECT_EQ(allParams(model_.get()), before);
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 0);
}

} // namespace
