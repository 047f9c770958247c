// Data-parallel training's hook: the buffer cnn_set_gradient_reducer's reducer sees, and the
// update from its sums, against the gradients of each worker's share computed alone.
#include "TestModels.h"
#include "TestSupport.h"
#include "TrainSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

// A worker's share of a batch: samples [first, first + count) of the toy data.
struct Share {
  std::vector<float> images;
  std::vector<int32_t> labels;
  int64_t count() const { return static_cast<int64_t>(labels.size()); }
};

Share share(const TrainingData &data, int64_t first, int64_t count) {
  const int64_t pixels = static_cast<int64_t>(data.images.size()) / data.count();
  return {{data.images.begin() + first * pixels, data.images.begin() + (first + count) * pixels},
          {data.labels.begin() + first, data.labels.begin() + first + count}};
}

std::vector<std::string> paramNames(const cnn_model *model) {
  std::vector<std::string> names;
  for (int p = 0; p < cnn_num_params(model); ++p) {
    cnn_tensor_info info;
    EXPECT_EQ(cnn_param_info(model, p, &info), CNN_OK);
    names.emplace_back(info.name);
  }
  return names;
}

// Every parameter, or every gradient, in parameter order, end to end.
std::vector<float> flatParams(const cnn_model *model) {
  std::vector<float> values;
  for (const std::vector<float> &param : allParams(model))
    values.insert(values.end(), param.begin(), param.end());
  return values;
}

std::vector<float> allGradients(const cnn_model *model) {
  std::vector<float> values;
  for (const std::string &name : paramNames(model)) {
    std::vector<float> gradient(getParam(model, name.c_str()).size());
    EXPECT_EQ(cnn_get_gradient(model, name.c_str(), gradient.data(), gradient.size()), CNN_OK)
        << cnn_last_error();
    values.insert(values.end(), gradient.begin(), gradient.end());
  }
  return values;
}

// Stands in for the other workers: keeps what this worker put in, then adds theirs (or returns
// `status` without touching the buffer).
struct OtherWorkers {
  std::vector<float> contribution;
  int status = 0;
  std::vector<std::vector<float>> received;
};

int addOtherWorkers(void *user, float *data, int64_t count) {
  OtherWorkers &others = *static_cast<OtherWorkers *>(user);
  others.received.emplace_back(data, data + count);
  if (others.status != 0)
    return others.status;
  for (int64_t i = 0; i < count && i < static_cast<int64_t>(others.contribution.size()); ++i)
    data[i] += others.contribution[static_cast<size_t>(i)];
  return 0;
}

// An allreduce between threads: each round waits for every worker's buffer, sums them in worker
// order and hands every worker the sum.
struct ThreadsAllreduce {
  explicit ThreadsAllreduce(int workers) : buffers(static_cast<size_t>(workers)) {}
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<float *> buffers;
  std::vector<float> sum;
  int arrived = 0, handing = 0, round = 0;
};

struct ThreadWorker {
  ThreadsAllreduce *shared;
  int index;
};

int sumAcrossThreads(void *user, float *data, int64_t count) {
  const ThreadWorker &worker = *static_cast<ThreadWorker *>(user);
  ThreadsAllreduce &shared = *worker.shared;
  std::unique_lock<std::mutex> lock(shared.mutex);
  shared.changed.wait(lock, [&] { return shared.handing == 0; }); // the last round handed out
  shared.buffers[static_cast<size_t>(worker.index)] = data;
  if (++shared.arrived == static_cast<int>(shared.buffers.size())) {
    shared.sum.assign(static_cast<size_t>(count), 0.0f);
    for (const float *buffer : shared.buffers)
      for (int64_t i = 0; i < count; ++i)
        shared.sum[static_cast<size_t>(i)] += buffer[i];
    shared.arrived = 0;
    shared.handing = static_cast<int>(shared.buffers.size());
    ++shared.round;
    shared.changed.notify_all();
  } else {
    const int round = shared.round;
    shared.changed.wait(lock, [&] { return shared.round != round; });
  }
  std::copy(shared.sum.begin(), shared.sum.end(), data);
  if (--shared.handing == 0)
    shared.changed.notify_all();
  return 0;
}

// The trainable model with SGD, Glorot weights from seed 7 and biases off the relu's kink.
ModelPtr sgdModel() {
  ModelPtr model = createModel(trainableSgdModel());
  EXPECT_EQ(cnn_init_params(model.get(), 7), CNN_OK);
  setParam(model.get(), "dense.bias", ramp(6, 0.05f, 0.13f));
  return model;
}

class GradientReducer : public ::testing::Test {
protected:
  void SetUp() override {
    model_ = sgdModel();
    const TrainingData data = toySamples(8, 3);
    mine_ = share(data, 0, 5);
    theirs_ = share(data, 5, 3);
  }
  cnn_status step(const Share &samples, uint32_t seed, double *loss = nullptr) {
    const float *inputs[] = {samples.images.data()};
    return cnn_train_step(model_.get(), samples.count(), inputs, samples.labels.data(), seed, loss,
                          nullptr);
  }
  // The gradients of `samples` alone, and their mean loss, with the parameters left as they are.
  std::vector<float> gradientsOf(const Share &samples, uint32_t seed, double &loss) {
    const float *inputs[] = {samples.images.data()};
    EXPECT_EQ(cnn_compute_gradients(model_.get(), samples.count(), inputs, samples.labels.data(),
                                    seed, &loss, nullptr),
              CNN_OK)
        << cnn_last_error();
    return allGradients(model_.get());
  }
  ModelPtr model_;
  Share mine_, theirs_;
};

TEST_F(GradientReducer, UpdatesWithTheMeanGradientOverEveryWorkersSamples) {
  double myLoss = 0, theirLoss = 0;
  const std::vector<float> mine = gradientsOf(mine_, 11, myLoss);
  const std::vector<float> theirs = gradientsOf(theirs_, 12, theirLoss);
  const std::vector<float> before = flatParams(model_.get());
  ASSERT_EQ(mine.size(), before.size());

  OtherWorkers others;
  for (float value : theirs)
    others.contribution.push_back(value * 3.0f);
  others.contribution.push_back(static_cast<float>(theirLoss * 3.0));
  others.contribution.push_back(3.0f);
  ASSERT_EQ(cnn_set_gradient_reducer(model_.get(), addOtherWorkers, &others), CNN_OK);
  ASSERT_EQ(step(mine_, 11), CNN_OK) << cnn_last_error();

  // One call on one buffer: this worker's gradients and loss times its 5 samples, then the 5.
  ASSERT_EQ(others.received.size(), 1u);
  const std::vector<float> &received = others.received[0];
  ASSERT_EQ(received.size(), mine.size() + 2);
  for (size_t i = 0; i < mine.size(); ++i)
    EXPECT_FLOAT_EQ(received[i], 5.0f * mine[i]) << i;
  EXPECT_NEAR(received[mine.size()], 5.0 * myLoss, 1e-5);
  EXPECT_EQ(received.back(), 5.0f);

  // The update is SGD's first step (the momentum still zero) along the 8 samples' mean gradient.
  const std::vector<float> gradient = allGradients(model_.get());
  const std::vector<float> after = flatParams(model_.get());
  float largest = 0;
  for (size_t i = 0; i < mine.size(); ++i) {
    const double mean = (5.0 * mine[i] + 3.0 * theirs[i]) / 8.0;
    EXPECT_NEAR(gradient[i], mean, 1e-6) << i;
    EXPECT_NEAR(after[i], before[i] - kTrainableSgdLearningRate * mean, 1e-6) << i;
    largest = std::max(largest, std::fabs(mine[i] - theirs[i]));
  }
  EXPECT_GT(largest, 1e-3) << "the two shares' gradients differ, so the mean says something";
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 1);
}

TEST_F(GradientReducer, AFailingReducerLeavesTheParameters) {
  const std::vector<float> before = flatParams(model_.get());
  OtherWorkers others;
  others.status = 5;
  ASSERT_EQ(cnn_set_gradient_reducer(model_.get(), addOtherWorkers, &others), CNN_OK);
  EXPECT_EQ(step(mine_, 11), CNN_ERROR_REDUCE);
  EXPECT_STREQ(cnn_last_error(), "the gradient reducer failed (returned 5); the update was not "
                                 "applied");
  EXPECT_EQ(flatParams(model_.get()), before);
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 0);
  // The gradients it was given are spent: no later update applies them.
  EXPECT_EQ(cnn_apply_gradients(model_.get()), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "there are no gradients yet: cnn_compute_gradients comes first");
  EXPECT_EQ(flatParams(model_.get()), before);

  // Batch sizes that do not add up to a positive count.
  others.status = 0;
  others.contribution.assign(before.size() + 2, 0.0f);
  others.contribution.back() = -5.0f;
  EXPECT_EQ(step(mine_, 11), CNN_ERROR_REDUCE);
  EXPECT_STREQ(cnn_last_error(), "the gradient reducer summed the batch sizes to 0; the update "
                                 "was not applied");
  EXPECT_EQ(flatParams(model_.get()), before);

  // Without the reducer, the step is a plain one again.
  ASSERT_EQ(cnn_set_gradient_reducer(model_.get(), nullptr, nullptr), CNN_OK);
  others.received.clear();
  EXPECT_EQ(step(mine_, 11), CNN_OK) << cnn_last_error();
  EXPECT_TRUE(others.received.empty());
  EXPECT_NE(flatParams(model_.get()), before);
}

TEST_F(GradientReducer, AnotherWorkersDivergenceStopsThisOne) {
  const std::vector<float> before = flatParams(model_.get());
  OtherWorkers others;
  others.contribution.assign(before.size() + 2, 0.0f);
  others.contribution[before.size()] = std::numeric_limits<float>::quiet_NaN();
  others.contribution.back() = 3.0f;
  ASSERT_EQ(cnn_set_gradient_reducer(model_.get(), addOtherWorkers, &others), CNN_OK);
  double loss = 0;
  EXPECT_EQ(step(mine_, 11, &loss), CNN_ERROR_NUMERIC);
  EXPECT_TRUE(std::isfinite(loss)) << "this worker's own batch is fine";
  EXPECT_STREQ(cnn_last_error(), "the loss is nan; the update was not applied");
  EXPECT_EQ(flatParams(model_.get()), before);
}

TEST_F(GradientReducer, FitReducesOnceAStepAndAloneTrainsAsWithout) {
  // Batch sizes 8, 8 and 4: multiplying by them and dividing again is exact, so a reducer that
  // adds nothing must leave fit's weights bitwise as they are without one.
  const TrainingData train = toySamples(20, 5);
  ModelPtr plain = sgdModel();
  ASSERT_EQ(runFit(plain.get(), fitOptions(2), train, nullptr).status, CNN_OK);

  OtherWorkers alone;
  ASSERT_EQ(cnn_set_gradient_reducer(model_.get(), addOtherWorkers, &alone), CNN_OK);
  ASSERT_EQ(runFit(model_.get(), fitOptions(2), train, nullptr).status, CNN_OK);
  std::vector<float> batchSizes;
  for (const std::vector<float> &buffer : alone.received)
    batchSizes.push_back(buffer.back());
  EXPECT_EQ(batchSizes, (std::vector<float>{8, 8, 4, 8, 8, 4}));
  EXPECT_EQ(flatParams(model_.get()), flatParams(plain.get()));
}

TEST_F(GradientReducer, NeedsGradientsAndATrainableModel) {
  EXPECT_EQ(cnn_apply_gradients(model_.get()), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "there are no gradients yet: cnn_compute_gradients comes first");
  EXPECT_EQ(cnn_optimizer_steps(model_.get()), 0);
  EXPECT_EQ(cnn_set_gradient_reducer(nullptr, addOtherWorkers, nullptr), CNN_ERROR_ARGUMENT);
  ModelPtr inference = createModel(classifierModel());
  EXPECT_EQ(cnn_set_gradient_reducer(inference.get(), addOtherWorkers, nullptr),
            CNN_ERROR_ARGUMENT);
}

TEST_F(GradientReducer, TwoWorkersOnTwoThreadsKeepIdenticalWeights) {
  // Worker 0 trains on samples 0..4 of every batch of 8, worker 1 on 5..7, each with its own
  // dropout seeds, for 20 Adam steps; a third model emulates both on one thread.
  const int steps = 20;
  const TrainingData data = toySamples(8 * steps, 9);
  auto shareOf = [&](int worker, int s) {
    return worker == 0 ? share(data, 8 * s, 5) : share(data, 8 * s + 5, 3);
  };
  auto seedOf = [](int worker, int s) { return static_cast<uint32_t>(100 * s + worker); };
  ModelPtr models[2] = {freshTrainableModel(), freshTrainableModel()};
  ThreadsAllreduce allreduce(2);
  ThreadWorker workers[2] = {{&allreduce, 0}, {&allreduce, 1}};
  cnn_status statuses[2] = {CNN_OK, CNN_OK};
  std::vector<double> losses[2];
  auto train = [&](int worker) {
    cnn_model *model = models[worker].get();
    statuses[worker] = cnn_set_gradient_reducer(model, sumAcrossThreads, &workers[worker]);
    for (int s = 0; s < steps && statuses[worker] == CNN_OK; ++s) {
      const Share samples = shareOf(worker, s);
      const float *inputs[] = {samples.images.data()};
      double loss = 0;
      statuses[worker] = cnn_train_step(model, samples.count(), inputs, samples.labels.data(),
                                        seedOf(worker, s), &loss, nullptr);
      losses[worker].push_back(loss);
    }
  };
  std::thread second(train, 1);
  train(0);
  second.join();
  ASSERT_EQ(statuses[0], CNN_OK);
  ASSERT_EQ(statuses[1], CNN_OK);
  EXPECT_EQ(flatParams(models[0].get()), flatParams(models[1].get()));

  ModelPtr emulated = freshTrainableModel();
  OtherWorkers other;
  ASSERT_EQ(cnn_set_gradient_reducer(emulated.get(), addOtherWorkers, &other), CNN_OK);
  for (int s = 0; s < steps; ++s) {
    const Share theirs = shareOf(1, s), mine = shareOf(0, s);
    const float *theirInputs[] = {theirs.images.data()}, *myInputs[] = {mine.images.data()};
    double loss = 0;
    ASSERT_EQ(cnn_compute_gradients(emulated.get(), theirs.count(), theirInputs,
                                    theirs.labels.data(), seedOf(1, s), &loss, nullptr),
              CNN_OK);
    other.contribution.clear();
    for (float value : allGradients(emulated.get()))
      other.contribution.push_back(value * 3.0f);
    other.contribution.push_back(static_cast<float>(loss * 3.0));
    other.contribution.push_back(3.0f);
    ASSERT_EQ(cnn_train_step(emulated.get(), mine.count(), myInputs, mine.labels.data(),
                             seedOf(0, s), nullptr, nullptr),
              CNN_OK);
  }
  EXPECT_EQ(flatParams(emulated.get()), flatParams(models[0].get()));
  EXPECT_LT(losses[0].back() + losses[1].back(), losses[0].front() + losses[1].front());
}

TEST_F(GradientReducer, TwoFitWorkersTrainAsOneProcess) {
  // Batches of 8 in micro-batches of 4: worker 0 takes samples 0..3 of each, worker 1 4..7, and
  // the last batch of each epoch (4 samples) is worker 0's alone, worker 1 adding nothing.
  const TrainingData train = toySamples(20, 5), validation = toySamples(7, 6);
  TempDir dir;
  ModelPtr alone = freshTrainableModel();
  ASSERT_EQ(cnn_set_micro_batch(alone.get(), 4), CNN_OK);
  const FitRecord one = runFit(alone.get(), fitOptions(3), train, &validation);
  ASSERT_EQ(one.status, CNN_OK) << one.error;

  ModelPtr models[2] = {freshTrainableModel(), freshTrainableModel()};
  ThreadsAllreduce allreduce(2);
  ThreadWorker workers[2] = {{&allreduce, 0}, {&allreduce, 1}};
  const std::string histories[2] = {dir.file("0.csv"), dir.file("1.csv")};
  FitRecord records[2];
  auto fit = [&](int worker) {
    cnn_model *model = models[worker].get();
    EXPECT_EQ(cnn_set_micro_batch(model, 4), CNN_OK);
    EXPECT_EQ(cnn_set_gradient_reducer(model, sumAcrossThreads, &workers[worker]), CNN_OK);
    cnn_fit_options options = fitOptions(3);
    options.worker = worker;
    options.workers = 2;
    options.history = histories[worker].c_str();
    records[worker] = runFit(model, options, train, &validation);
  };
  std::thread second(fit, 1);
  fit(0);
  second.join();
  for (const FitRecord &record : records)
    ASSERT_EQ(record.status, CNN_OK) << record.error;
  EXPECT_EQ(flatParams(models[0].get()), flatParams(alone.get()));
  EXPECT_EQ(flatParams(models[1].get()), flatParams(alone.get()));
  // Validation is sharded (4 and 3 samples) and its sums added as floats by the reducer: the
  // val_loss of one process to float precision.
  for (const FitRecord &record : records)
    EXPECT_NEAR(record.result.best_val_loss, one.result.best_val_loss,
                1e-6 * one.result.best_val_loss);
  // Worker 0 alone reports and writes.
  EXPECT_EQ(records[0].epochs.size(), 3u);
  EXPECT_TRUE(records[1].epochs.empty());
  EXPECT_TRUE(records[1].batches.empty());
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"0.csv"});
}

TEST_F(GradientReducer, FitWorkersNeedAReducerAndAnIndexInRange) {
  const TrainingData train = toySamples(8, 5);
  cnn_fit_options options = fitOptions(1);
  options.workers = 2;
  FitRecord record = runFit(model_.get(), options, train, nullptr);
  EXPECT_EQ(record.status, CNN_ERROR_ARGUMENT);
  EXPECT_EQ(record.error, "2 workers train together only through a gradient reducer "
                          "(cnn_set_gradient_reducer)");
  options.worker = 2;
  record = runFit(model_.get(), options, train, nullptr);
  EXPECT_EQ(record.error, "worker 2 of 2 workers: the index must be 0 to workers - 1");
}

} // namespace
