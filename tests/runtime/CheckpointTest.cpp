// ModelCheckpoint: when checkpoints are written, what they hold, loading them as weights, resuming.
#include "Safetensors.h"
#include "TestModels.h"
#include "TrainSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace {

class Checkpoint : public ::testing::Test {
protected:
  void SetUp() override {
    train_ = toySamples(64, 1);
    validation_ = toySamples(32, 2);
    path_ = dir_.file("best.safetensors");
  }
  cnn_fit_options options(int epochs) {
    cnn_fit_options options = fitOptions(epochs);
    options.checkpoint = path_.c_str();
    options.restore_best_weights = 0;
    return options;
  }
  TrainingData train_, validation_;
  TempDir dir_;
  std::string path_;
};

TEST_F(Checkpoint, IsWrittenOnlyWhenValLossImproves) {
  // Labels off by one: the validation loss falls at first and then rises as the model learns.
  TrainingData validation = validation_;
  for (int32_t &label : validation.labels)
    label = (label + 1) % 3;
  ModelPtr model = freshTrainableModel();
  int lastImproved = 0;
  std::vector<std::string> epochs;
  const FitRecord record =
      runFit(model.get(), options(6), train_, &validation, [&](const cnn_epoch_log &log) {
        if (log.improved)
          lastImproved = log.epoch;
        epochs.push_back(lastImproved ? cnnrt::safetensors::read(path_).metadata.at("epoch") : "");
        EXPECT_EQ(epochs.back(), lastImproved ? std::to_string(lastImproved) : "");
      });
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  double best = INFINITY;
  for (const cnn_epoch_log &log : record.epochs) {
    EXPECT_EQ(log.improved, log.val_loss < best ? 1 : 0) << "epoch " << log.epoch;
    best = std::min(best, log.val_loss);
  }
  EXPECT_LT(lastImproved, 6); // some epochs did not improve, so some writes were skipped
  EXPECT_EQ(record.result.best_epoch, lastImproved);
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"best.safetensors"});
}

TEST_F(Checkpoint, HoldsTheWeightsOptimizerStateAndProgress) {
  ModelPtr model = freshTrainableModel();
  const FitRecord record = runFit(model.get(), options(2), train_, &validation_);
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  ASSERT_EQ(record.result.best_epoch, 2);
  const cnnrt::safetensors::File file = cnnrt::safetensors::read(path_);
  std::vector<std::string> names;
  for (const cnnrt::safetensors::TensorEntry &tensor : file.tensors)
    names.push_back(tensor.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "dense.bias", "dense.kernel", "dense_1.bias", "dense_1.kernel",
                "optimizer.dense.bias.m", "optimizer.dense.bias.v", "optimizer.dense.kernel.m",
                "optimizer.dense.kernel.v", "optimizer.dense_1.bias.m", "optimizer.dense_1.bias.v",
                "optimizer.dense_1.kernel.m", "optimizer.dense_1.kernel.v"}));
  const std::map<std::string, std::string> &metadata = file.metadata;
  EXPECT_EQ(metadata.at("format"), "cnnc-checkpoint");
  EXPECT_EQ(metadata.at("version"), "1");
  EXPECT_EQ(metadata.at("model"), "trainable");
  EXPECT_EQ(metadata.at("epoch"), "2");
  EXPECT_EQ(metadata.at("optimizer"), "adam");
  EXPECT_EQ(metadata.at("optimizer_steps"), "16");
  EXPECT_EQ(std::stod(metadata.at("learning_rate")), kTrainableLearningRate);
  EXPECT_EQ(std::stod(metadata.at("best_val_loss")), record.result.best_val_loss);
  EXPECT_EQ(metadata.at("seed"), "42");
  EXPECT_EQ(metadata.at("history").substr(0, 52),
            "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n1,");
  EXPECT_EQ(std::count(metadata.at("history").begin(), metadata.at("history").end(), '\n'), 3);
}

TEST_F(Checkpoint, LoadsAsWeights) {
  ModelPtr model = freshTrainableModel();
  const FitRecord record = runFit(model.get(), options(3), train_, &validation_);
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  ASSERT_EQ(record.result.best_epoch, 3);
  ModelPtr loaded = createModel(trainableModel());
  ASSERT_EQ(cnn_load_weights(loaded.get(), path_.c_str()), CNN_OK) << cnn_last_error();
  EXPECT_EQ(allParams(loaded.get()), allParams(model.get()));
  EXPECT_EQ(cnn_optimizer_steps(loaded.get()), 0); // plain weights leave the optimizer alone
}

TEST_F(Checkpoint, LoadingWeightsStillRejectsUnknownTensors) {
  ModelPtr model = freshTrainableModel();
  std::vector<cnnrt::safetensors::TensorRef> tensors;
  const std::vector<std::vector<float>> params = allParams(model.get());
  const char *const names[] = {"dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"};
  const std::vector<int64_t> shapes[] = {{4, 6}, {6}, {6, 3}, {3}};
  for (int p = 0; p < 4; ++p)
    tensors.push_back({names[p], shapes[p], params[p].data()});
  tensors.push_back({"optimizer.anything", {3}, params[3].data()});
  cnnrt::safetensors::write(path_, tensors);
  EXPECT_EQ(cnn_load_weights(model.get(), path_.c_str()), CNN_OK) << cnn_last_error();
  tensors.push_back({"dense_2.bias", {3}, params[3].data()});
  cnnrt::safetensors::write(path_, tensors);
  EXPECT_EQ(cnn_load_weights(model.get(), path_.c_str()), CNN_ERROR_FORMAT);
  EXPECT_EQ(std::string(cnn_last_error()),
            "weights file " + path_ +
                ": tensor 'dense_2.bias' is not a parameter of model "
                "'trainable'");
}

TEST_F(Checkpoint, ResumingMatchesAnUninterruptedRun) {
  ModelPtr uninterrupted = freshTrainableModel();
  cnn_fit_options whole = options(4);
  const std::string wholeCheckpoint = dir_.file("whole.safetensors");
  whole.checkpoint = wholeCheckpoint.c_str();
  const FitRecord full = runFit(uninterrupted.get(), whole, train_, &validation_);
  ASSERT_EQ(full.status, CNN_OK) << full.error;

  ModelPtr interrupted = freshTrainableModel();
  const FitRecord first = runFit(interrupted.get(), options(2), train_, &validation_);
  ASSERT_EQ(first.status, CNN_OK) << first.error;
  ASSERT_EQ(first.result.best_epoch, 2); // so the checkpoint holds epoch 2

  ModelPtr resumed = createModel(trainableModel());
  cnn_fit_options rest = options(4);
  rest.resume = path_.c_str();
  const std::string history = dir_.file("history.csv");
  rest.history = history.c_str();
  const FitRecord second = runFit(resumed.get(), rest, train_, &validation_);
  ASSERT_EQ(second.status, CNN_OK) << second.error;
  ASSERT_EQ(second.epochs.size(), 2u);
  EXPECT_EQ(second.epochs[0].epoch, 3);
  EXPECT_EQ(second.batches.front().epoch, 3);
  EXPECT_EQ(second.result.epochs_run, 4);
  EXPECT_EQ(allParams(resumed.get()), allParams(uninterrupted.get()));
  EXPECT_EQ(cnn_optimizer_steps(resumed.get()), cnn_optimizer_steps(uninterrupted.get()));
  EXPECT_EQ(second.result.best_epoch, full.result.best_epoch);
  EXPECT_EQ(second.result.best_val_loss, full.result.best_val_loss);
  for (int e = 0; e < 2; ++e) {
    EXPECT_EQ(second.epochs[e].loss, full.epochs[e + 2].loss);
    EXPECT_EQ(second.epochs[e].val_loss, full.epochs[e + 2].val_loss);
  }

  const std::string text = readFile(history);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
  const std::string earlier = cnnrt::safetensors::read(path_).metadata.at("history");
  EXPECT_EQ(text.rfind(earlier, 0), 0u) << text; // the checkpoint's rows come first
  char row[64];
  std::snprintf(row, sizeof row, "\n1,%.6f,", first.epochs[0].loss);
  EXPECT_NE(text.find(row), std::string::npos) << text;
  std::snprintf(row, sizeof row, "\n4,%.6f,", full.epochs[3].loss);
  EXPECT_NE(text.find(row), std::string::npos) << text;
}

TEST_F(Checkpoint, ResumingAfterTheLastEpochTrainsNothing) {
  ModelPtr model = freshTrainableModel();
  ASSERT_EQ(runFit(model.get(), options(2), train_, &validation_).status, CNN_OK);
  ModelPtr resumed = createModel(trainableModel());
  cnn_fit_options again = options(2);
  again.resume = path_.c_str();
  const FitRecord record = runFit(resumed.get(), again, train_, &validation_);
  ASSERT_EQ(record.status, CNN_OK) << record.error;
  EXPECT_TRUE(record.batches.empty());
  EXPECT_EQ(record.result.epochs_run, 2);
  EXPECT_EQ(allParams(resumed.get()), allParams(model.get()));
}

TEST_F(Checkpoint, ResumingRefusesFilesOfAnotherKind) {
  ModelPtr sgd = createModel(trainableSgdModel());
  ASSERT_EQ(cnn_init_params(sgd.get(), 7), CNN_OK);
  ASSERT_EQ(runFit(sgd.get(), options(1), train_, &validation_).status, CNN_OK);
  EXPECT_NE(cnnrt::safetensors::read(path_).find("optimizer.dense.kernel.momentum"), nullptr);

  ModelPtr model = freshTrainableModel();
  const std::vector<std::vector<float>> before = allParams(model.get());
  cnn_fit_options resume = options(3);
  resume.resume = path_.c_str();
  FitRecord record = runFit(model.get(), resume, train_, &validation_);
  EXPECT_EQ(record.status, CNN_ERROR_FORMAT);
  EXPECT_EQ(record.error,
            "checkpoint " + path_ + ": it belongs to model 'trainable_sgd', not 'trainable'");

  const std::string weights = dir_.file("weights.safetensors");
  ASSERT_EQ(cnn_save_weights(model.get(), weights.c_str()), CNN_OK);
  resume.resume = weights.c_str();
  record = runFit(model.get(), resume, train_, &validation_);
  EXPECT_EQ(record.status, CNN_ERROR_FORMAT);
  EXPECT_EQ(record.error, "checkpoint " + weights +
                              ": it holds weights but no training state (it was not written by "
                              "fit's checkpoint option)");
  EXPECT_EQ(allParams(model.get()), before);
  EXPECT_EQ(cnn_optimizer_steps(model.get()), 0);
}

} // namespace
