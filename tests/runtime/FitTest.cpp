// Keras's fit() through cnn_fit: batches, shuffling, metrics, history, early stopping, errors.
#include "FitRandom.h"
#include "TestModels.h"
#include "TrainSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace {

class Fit : public ::testing::Test {
protected:
  void SetUp() override {
    train_ = toySamples(64, 1);
    validation_ = toySamples(32, 2);
  }
  // Validation data the model gets more wrong as it learns: every label is off by one.
  TrainingData misleading() const {
    TrainingData data = validation_;
    for (int32_t &label : data.labels)
      label = (label + 1) % 3;
    return data;
  }
  // The weights after `epochs` epochs without early stopping or restoring.
  std::vector<std::vector<float>> weightsAfter(int epochs, const TrainingData &validation) {
    ModelPtr model = freshTrainableModel();
    cnn_fit_options options = fitOptions(epochs);
    options.restore_best_weights = 0;
    EXPECT_EQ(runFit(model.get(), options, train_, &validation).status, CNN_OK);
    return allParams(model.get());
  }
  TrainingData train_, validation_;
  TempDir dir_;
};

TEST_F(Fit, LearnsTheToyProblem) {
  ModelPtr model = freshTrainableModel();
  const FitRecord record = runFit(model.get(), fitOptions(15), train_, &validation_);
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  ASSERT_EQ(record.epochs.size(), 15u);
  EXPECT_LT(record.epochs.back().loss, 0.8 * record.epochs.front().loss);
  EXPECT_LT(record.epochs.back().val_loss, 0.8 * record.epochs.front().val_loss);
  EXPECT_GT(record.epochs.back().val_accuracy, 0.7);
  EXPECT_EQ(record.result.epochs_run, 15);
  EXPECT_EQ(record.result.stopped_early, 0);
  EXPECT_EQ(cnn_optimizer_steps(model.get()), 15 * 8);
  const auto best = std::min_element(
      record.epochs.begin(), record.epochs.end(),
      [](const cnn_epoch_log &a, const cnn_epoch_log &b) { return a.val_loss < b.val_loss; });
  EXPECT_EQ(record.result.best_epoch, best->epoch);
  EXPECT_EQ(record.result.best_val_loss, best->val_loss);
  double loss = 0.0, accuracy = 0.0;
  const float *inputs[] = {validation_.images.data()};
  ASSERT_EQ(cnn_evaluate(model.get(), inputs, validation_.labels.data(), validation_.count(), 8,
                         &loss, &accuracy),
            CNN_OK);
  EXPECT_EQ(loss, best->val_loss); // the best epoch's weights were restored
}

TEST_F(Fit, IsTheTrainStepsOfTheShuffledBatches) {
  ModelPtr model = freshTrainableModel();
  cnn_fit_options options = fitOptions(2);
  options.batch_size = 10;
  ASSERT_EQ(runFit(model.get(), options, train_, nullptr).status, CNN_OK);

  ModelPtr manual = freshTrainableModel();
  for (int epoch = 1; epoch <= 2; ++epoch) {
    const std::vector<int64_t> order = cnnrt::epochOrder(42, epoch, 64);
    for (int64_t step = 1, first = 0; first < 64; ++step, first += 10) {
      const int64_t batch = std::min<int64_t>(10, 64 - first);
      std::vector<float> images;
      std::vector<int32_t> labels;
      for (int64_t n = first; n < first + batch; ++n) {
        images.insert(images.end(), train_.images.begin() + order[n] * 4,
                      train_.images.begin() + order[n] * 4 + 4);
        labels.push_back(train_.labels[order[n]]);
      }
      const float *inputs[] = {images.data()};
      ASSERT_EQ(cnn_train_step(manual.get(), batch, inputs, labels.data(),
                               cnnrt::batchDropoutSeed(42, epoch, step), nullptr, nullptr),
                CNN_OK);
    }
  }
  EXPECT_EQ(allParams(model.get()), allParams(manual.get()));
}

// Each input's batch comes from its own array, in the same shuffled order: the two-input model,
// which adds its inputs first, trains on (left, right) as the one-input model does on their sum.
TEST_F(Fit, TakesOneArrayPerModelInput) {
  ModelPtr single = freshTrainableModel();
  ModelPtr two = createModel(trainableTwoInputsModel());
  const char *const names[] = {"dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"};
  for (const char *name : names)
    setParam(two.get(), name, getParam(single.get(), name));
  const std::vector<float> right = ramp(train_.images.size(), -0.5f, 0.37f),
                           validationRight = ramp(validation_.images.size(), 0.25f, 0.53f);
  TrainingData sum = train_, validationSum = validation_;
  for (size_t i = 0; i < right.size(); ++i)
    sum.images[i] += right[i];
  for (size_t i = 0; i < validationRight.size(); ++i)
    validationSum.images[i] += validationRight[i];
  const FitRecord expected = runFit(single.get(), fitOptions(3), sum, &validationSum);
  ASSERT_EQ(expected.status, CNN_OK) << expected.error;

  const cnn_fit_options options = fitOptions(3);
  const float *inputs[] = {train_.images.data(), right.data()};
  const float *validationInputs[] = {validation_.images.data(), validationRight.data()};
  cnn_fit_result result;
  ASSERT_EQ(cnn_fit(two.get(), &options, inputs, train_.labels.data(), train_.count(),
                    validationInputs, validation_.labels.data(), validation_.count(), &result),
            CNN_OK)
      << cnn_last_error();
  EXPECT_EQ(result.best_epoch, expected.result.best_epoch);
  EXPECT_EQ(result.best_val_loss, expected.result.best_val_loss);
  for (const char *name : names)
    EXPECT_EQ(getParam(two.get(), name), getParam(single.get(), name)) << name;

  const float *noRight[] = {train_.images.data(), nullptr};
  EXPECT_EQ(cnn_fit(two.get(), &options, noRight, train_.labels.data(), train_.count(),
                    validationInputs, validation_.labels.data(), validation_.count(), nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "training input 2 ('right') is null");
  const float *noLeft[] = {nullptr, validationRight.data()};
  EXPECT_EQ(cnn_fit(two.get(), &options, inputs, train_.labels.data(), train_.count(), noLeft,
                    validation_.labels.data(), validation_.count(), nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "validation input 1 ('left') is null");
}

TEST_F(Fit, ShuffleOrderDependsOnlyOnSeedAndEpoch) {
  const std::vector<int64_t> order = cnnrt::epochOrder(42, 1, 10);
  std::vector<int64_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 10; ++i)
    EXPECT_EQ(sorted[i], i);
  // Pinned, so a change of the generator cannot pass unnoticed: it would break resuming old runs.
  EXPECT_EQ(order, (std::vector<int64_t>{4, 9, 5, 3, 2, 8, 7, 1, 0, 6}));
  EXPECT_EQ(cnnrt::epochOrder(42, 1, 10), order);
  EXPECT_NE(cnnrt::epochOrder(42, 2, 10), order);
  EXPECT_NE(cnnrt::epochOrder(43, 1, 10), order);
  EXPECT_EQ(cnnrt::batchDropoutSeed(42, 1, 1), cnnrt::batchDropoutSeed(42, 1, 1));
  EXPECT_NE(cnnrt::batchDropoutSeed(42, 1, 1), cnnrt::batchDropoutSeed(42, 1, 2));
  EXPECT_NE(cnnrt::batchDropoutSeed(42, 1, 1), cnnrt::batchDropoutSeed(42, 2, 1));
}

TEST_F(Fit, TheSameSeedGivesBitwiseIdenticalWeights) {
  ModelPtr first = freshTrainableModel(), second = freshTrainableModel(),
           other = freshTrainableModel();
  const cnn_fit_options options = fitOptions(3);
  ASSERT_EQ(runFit(first.get(), options, train_, &validation_).status, CNN_OK);
  ASSERT_EQ(runFit(second.get(), options, train_, &validation_).status, CNN_OK);
  EXPECT_EQ(allParams(first.get()), allParams(second.get()));
  cnn_fit_options otherSeed = options;
  otherSeed.seed = 43;
  ASSERT_EQ(runFit(other.get(), otherSeed, train_, &validation_).status, CNN_OK);
  EXPECT_NE(allParams(first.get()), allParams(other.get()));
}

TEST_F(Fit, ReportsRunningMeansAfterEveryBatch) {
  ModelPtr model = freshTrainableModel();
  cnn_fit_options options = fitOptions(2);
  options.batch_size = 10; // 6 full batches and one of 4
  const FitRecord record = runFit(model.get(), options, train_, nullptr);
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  ASSERT_EQ(record.batches.size(), 14u);
  ASSERT_EQ(record.epochs.size(), 2u);
  for (size_t b = 0; b < record.batches.size(); ++b) {
    const cnn_batch_log &log = record.batches[b];
    EXPECT_EQ(log.epoch, static_cast<int>(b / 7) + 1);
    EXPECT_EQ(log.step, static_cast<int64_t>(b % 7) + 1);
    EXPECT_EQ(log.steps, 7);
    EXPECT_GT(log.loss, 0.0);
    EXPECT_GE(log.seconds, 0.0);
  }
  for (int epoch = 0; epoch < 2; ++epoch) {
    const cnn_batch_log &last = record.batches[epoch * 7 + 6];
    EXPECT_DOUBLE_EQ(last.loss, record.epochs[epoch].loss);
    EXPECT_DOUBLE_EQ(last.accuracy, record.epochs[epoch].accuracy);
    EXPECT_TRUE(std::isnan(record.epochs[epoch].val_loss));
    EXPECT_EQ(record.epochs[epoch].improved, 0);
  }
  // Accuracy is counted per sample: over 64 samples it is a multiple of 1/64.
  const double correct = record.epochs[0].accuracy * 64;
  EXPECT_NEAR(correct, std::round(correct), 1e-9);
  EXPECT_EQ(record.result.best_epoch, 0);
  EXPECT_TRUE(std::isnan(record.result.best_val_loss));
}

TEST_F(Fit, WritesTheHistoryAfterEveryEpoch) {
  ModelPtr model = freshTrainableModel();
  cnn_fit_options options = fitOptions(3);
  const std::string history = dir_.file("history.csv");
  options.history = history.c_str();
  std::vector<std::string> seen;
  const FitRecord record =
      runFit(model.get(), options, train_, &validation_,
             [&](const cnn_epoch_log &) { seen.push_back(readFile(history)); });
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  ASSERT_EQ(seen.size(), 3u);
  std::istringstream lines(readFile(history));
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_EQ(line, "epoch,loss,accuracy,val_loss,val_accuracy,seconds");
  for (const cnn_epoch_log &log : record.epochs) {
    ASSERT_TRUE(std::getline(lines, line));
    int epoch = 0;
    double values[5];
    ASSERT_EQ(std::sscanf(line.c_str(), "%d,%lf,%lf,%lf,%lf,%lf", &epoch, &values[0], &values[1],
                          &values[2], &values[3], &values[4]),
              6)
        << line;
    EXPECT_EQ(epoch, log.epoch);
    EXPECT_NEAR(values[0], log.loss, 1e-6);
    EXPECT_NEAR(values[1], log.accuracy, 1e-6);
    EXPECT_NEAR(values[2], log.val_loss, 1e-6);
    EXPECT_NEAR(values[3], log.val_accuracy, 1e-6);
    EXPECT_NEAR(values[4], log.seconds, 1e-6);
  }
  EXPECT_FALSE(std::getline(lines, line));
  // Each epoch rewrote the whole file, the earlier rows first.
  EXPECT_EQ(seen[2].rfind(seen[1], 0), 0u);
  EXPECT_EQ(seen[1].rfind(seen[0], 0), 0u);
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"history.csv"});
}

TEST_F(Fit, EarlyStoppingRestoresTheBestWeights) {
  const TrainingData validation = misleading();
  ModelPtr model = freshTrainableModel();
  cnn_fit_options options = fitOptions(20);
  options.patience = 2;
  const FitRecord record = runFit(model.get(), options, train_, &validation);
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  EXPECT_EQ(record.result.stopped_early, 1);
  const int best = record.result.best_epoch;
  ASSERT_GE(best, 1);
  EXPECT_EQ(record.result.epochs_run, best + 2);
  ASSERT_EQ(record.epochs.size(), static_cast<size_t>(best + 2));
  EXPECT_EQ(record.epochs[best - 1].improved, 1);
  EXPECT_GE(record.epochs[best].val_loss, record.result.best_val_loss);
  EXPECT_GE(record.epochs[best + 1].val_loss, record.result.best_val_loss);
  EXPECT_EQ(allParams(model.get()), weightsAfter(best, validation));

  ModelPtr unrestored = freshTrainableModel();
  options.restore_best_weights = 0;
  ASSERT_EQ(runFit(unrestored.get(), options, train_, &validation).status, CNN_OK);
  EXPECT_EQ(allParams(unrestored.get()), weightsAfter(best + 2, validation));
}

TEST_F(Fit, StopsWithTheStepOfANanLoss) {
  train_.images[17 * 4 + 2] = std::nanf(""); // in batch 3 when not shuffled
  ModelPtr model = freshTrainableModel();
  cnn_fit_options options = fitOptions(2);
  options.shuffle = 0;
  const FitRecord record = runFit(model.get(), options, train_, &validation_);
  EXPECT_EQ(record.status, CNN_ERROR_NUMERIC);
  EXPECT_EQ(record.error, "epoch 1, step 3 of 8: the loss is nan; training stopped (the weights "
                          "are those after step 2; try a lower learning rate)");
  EXPECT_EQ(record.result.epochs_run, 0);
  EXPECT_EQ(record.batches.size(), 2u);
  EXPECT_EQ(cnn_optimizer_steps(model.get()), 2);

  ModelPtr manual = freshTrainableModel();
  for (int64_t step = 1; step <= 2; ++step) {
    const float *inputs[] = {train_.images.data() + (step - 1) * 8 * 4};
    ASSERT_EQ(cnn_train_step(manual.get(), 8, inputs, train_.labels.data() + (step - 1) * 8,
                             cnnrt::batchDropoutSeed(42, 1, step), nullptr, nullptr),
              CNN_OK);
  }
  EXPECT_EQ(allParams(model.get()), allParams(manual.get()));
}

TEST_F(Fit, RejectsBadArguments) {
  ModelPtr model = freshTrainableModel();
  const auto error = [&](const cnn_fit_options &options, const TrainingData &train,
                         const TrainingData *validation) {
    const FitRecord record = runFit(model.get(), options, train, validation);
    EXPECT_EQ(record.status, CNN_ERROR_ARGUMENT);
    return record.error;
  };
  cnn_fit_options options = fitOptions(0);
  EXPECT_EQ(error(options, train_, nullptr), "the number of epochs must be at least 1, got 0");
  options = fitOptions(1);
  options.batch_size = 0;
  EXPECT_EQ(error(options, train_, nullptr), "the batch size must be at least 1, got 0");
  EXPECT_EQ(error(fitOptions(1), TrainingData(), nullptr),
            "the number of training samples must be at least 1, got 0");
  options = fitOptions(1);
  options.patience = 2;
  EXPECT_EQ(error(options, train_, nullptr),
            "early stopping (patience) and checkpoints follow val_loss, which needs validation "
            "data");
  options = fitOptions(1);
  const std::string checkpoint = dir_.file("best.safetensors");
  options.checkpoint = checkpoint.c_str();
  EXPECT_EQ(error(options, train_, nullptr),
            "early stopping (patience) and checkpoints follow val_loss, which needs validation "
            "data");
  options = fitOptions(1);
  options.patience = -1;
  EXPECT_EQ(error(options, train_, &validation_), "the patience must not be negative, got -1");
  TrainingData badValidation = validation_;
  badValidation.labels[3] = 5;
  EXPECT_EQ(error(fitOptions(1), train_, &badValidation),
            "the label of validation sample 3 is 5, outside 0..2");
  TrainingData badTrain = train_;
  badTrain.labels[0] = -1;
  EXPECT_EQ(error(fitOptions(1), badTrain, &validation_),
            "the label of training sample 0 is -1, outside 0..2");
  const float *inputs[] = {train_.images.data()}, *nullInputs[] = {nullptr};
  const int32_t *labels = train_.labels.data();
  EXPECT_EQ(cnn_fit(model.get(), nullptr, inputs, labels, 64, nullptr, nullptr, 0, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the options pointer is null");
  options = fitOptions(1);
  const auto fitError = [&](const float *const *train, const int32_t *trainLabels,
                            const float *const *validation, const int32_t *validationLabels) {
    EXPECT_EQ(cnn_fit(model.get(), &options, train, trainLabels, 64, validation, validationLabels,
                      4, nullptr),
              CNN_ERROR_ARGUMENT);
    return std::string(cnn_last_error());
  };
  EXPECT_EQ(fitError(nullptr, labels, inputs, labels), "the training input array is null");
  EXPECT_EQ(fitError(nullInputs, labels, inputs, labels), "training input 1 ('input_1') is null");
  EXPECT_EQ(fitError(inputs, nullptr, inputs, labels),
            "the labels of output 1 of 1 ('dense_1') for the training samples are null");
  EXPECT_EQ(fitError(inputs, labels, nullptr, labels), "the validation input array is null");
  EXPECT_EQ(fitError(inputs, labels, nullInputs, labels), "validation input 1 ('input_1') is null");
  EXPECT_EQ(fitError(inputs, labels, inputs, nullptr),
            "the labels of output 1 of 1 ('dense_1') for the validation samples are null");
  EXPECT_EQ(cnn_optimizer_steps(model.get()), 0);
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{});
}

TEST(FitOptions, InitSetsKerasDefaults) {
  cnn_fit_options options;
  std::memset(&options, 0xff, sizeof options);
  cnn_fit_options_init(&options);
  EXPECT_EQ(options.epochs, 1);
  EXPECT_EQ(options.batch_size, 32);
  EXPECT_EQ(options.seed, 0u);
  EXPECT_EQ(options.shuffle, 1);
  EXPECT_EQ(options.patience, 0);
  EXPECT_EQ(options.restore_best_weights, 1);
  EXPECT_EQ(options.checkpoint, nullptr);
  EXPECT_EQ(options.history, nullptr);
  EXPECT_EQ(options.resume, nullptr);
  EXPECT_EQ(options.on_batch, nullptr);
  EXPECT_EQ(options.user, nullptr);
}

} // namespace
