// The fit() loop: batches of shuffled samples, per-epoch validation and the Keras callbacks
// EarlyStopping(val_loss, restore_best_weights), ModelCheckpoint(save_best_only) and CSVLogger.
#include "Fit.h"

#include "AtomicFile.h"
#include "Checkpoint.h"
#include "CrossEntropy.h"
#include "Errors.h"
#include "FitRandom.h"
#include "FitWorkers.h"
#include "Trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace cnnrt {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point begin) {
  return std::chrono::duration<double>(Clock::now() - begin).count();
}

void checkArguments(const cnn_model &model, const cnn_fit_options &options, const Samples &train,
                    const Samples &validation) {
  checkPositive(options.epochs, "the number of epochs");
  checkPositive(options.batch_size, "the batch size");
  checkPositive(train.count, "the number of training samples");
  model.checkInputs(train.inputs, "training input");
  model.trainer().checkTargets(train.targets, train.count, "training sample");
  if (validation.count < 0)
    throw Error(CNN_ERROR_ARGUMENT, "the number of validation samples must not be negative, got " +
                                        std::to_string(validation.count));
  if (validation.count > 0) {
    model.checkInputs(validation.inputs, "validation input");
    model.trainer().checkTargets(validation.targets, validation.count, "validation sample");
  }
  if (options.patience < 0)
    throw Error(CNN_ERROR_ARGUMENT,
                "the patience must not be negative, got " + std::to_string(options.patience));
  if (options.workers < 0 || options.worker < 0 || options.worker >= std::max(options.workers, 1))
    throw Error(CNN_ERROR_ARGUMENT, "worker " + std::to_string(options.worker) + " of " +
                                        std::to_string(options.workers) +
                                        " workers: the index must be 0 to workers - 1");
  if (options.workers > 1 && !model.trainer().hasGradientReducer())
    throw Error(CNN_ERROR_ARGUMENT, std::to_string(options.workers) +
                                        " workers train together only through a gradient reducer "
                                        "(cnn_set_gradient_reducer)");
  if (validation.count == 0 && (options.patience > 0 || options.checkpoint))
    throw Error(CNN_ERROR_ARGUMENT,
                "early stopping (patience) and checkpoints follow val_loss, which needs "
                "validation data");
}

// "epoch 3, step 17 of 1500: the loss is nan; training stopped (the weights are those after step
// 16; try a lower learning rate)"
std::string divergence(int epoch, int64_t step, int64_t steps, double loss) {
  std::string weights = "those after step " + std::to_string(step - 1);
  if (step == 1)
    weights = epoch > 1 ? "those after epoch " + std::to_string(epoch - 1) : "the initial ones";
  return "epoch " + std::to_string(epoch) + ", step " + std::to_string(step) + " of " +
         std::to_string(steps) + ": the loss is " + formatNumber(loss) +
         "; training stopped (the weights are " + weights + "; try a lower learning rate)";
}

class FitRun {
public:
  FitRun(cnn_model &model, const cnn_fit_options &options, const Samples &train,
         const Samples &validation, cnn_fit_result &result)
      : model_(model), trainer_(model.trainer()), options_(options), train_(train),
        validation_(validation), result_(result) {}

  void run() {
    result_ = cnn_fit_result();
    result_.best_val_loss = std::numeric_limits<double>::quiet_NaN();
    int firstEpoch = 1;
    if (options_.checkpoint && leader())
      removeStaleTemporaries(options_.checkpoint); // a killed run's unfinished checkpoint
    if (options_.resume) {
      TrainingProgress progress = loadCheckpoint(options_.resume, model_);
      firstEpoch = progress.epoch + 1;
      seed_ = progress.seed; // the same shuffles and masks as an uninterrupted run
      history_ = std::move(progress.history);
      bestValLoss_ = progress.bestValLoss;
      improved(progress.epoch);
      result_.epochs_run = progress.epoch;
      if (options_.history && leader())
        writeHistory(options_.history, names(), history_);
    }
    for (int epoch = firstEpoch; epoch <= options_.epochs; ++epoch) {
      const Clock::time_point begin = Clock::now();
      std::vector<Score> scores = trainEpoch(epoch);
      if (workers_ > 1) {
        sumOverWorkers(trainer_, scores);
        checkSameWeights(model_, trainer_, workers_, epoch);
      }
      const double nan = std::numeric_limits<double>::quiet_NaN();
      EpochRow row{epoch, trainer_.metrics().values(scores),
                   std::vector<double>(names().size(), nan), 0.0};
      double valAccuracy = nan;
      if (validation_.count > 0) {
        const std::vector<Score> valScores = validate();
        row.valMetrics = trainer_.metrics().values(valScores);
        valAccuracy = firstAccuracy(valScores);
      }
      row.seconds = secondsSince(begin);
      if (endEpoch(row, firstAccuracy(scores), valAccuracy))
        break;
    }
    if (options_.restore_best_weights && !bestParams_.empty())
      for (size_t p = 0; p < bestParams_.size(); ++p)
        model_.params()[p].data = bestParams_[p];
  }

private:
  const std::vector<std::string> &names() const { return trainer_.metrics().names(); }
  // Worker 0 alone writes files and reports.
  bool leader() const { return options_.worker == 0; }

  // Each loss's score on the validation samples, this worker's share of them summed over all.
  std::vector<Score> validate() {
    const Share share = shareOf(validation_.count, options_.worker, workers_);
    std::vector<Score> scores(static_cast<size_t>(trainer_.program().num_losses));
    if (share.count > 0) {
      std::vector<cnn_targets> targets;
      for (int o = 0; o < model_.desc().num_outputs; ++o)
        targets.push_back(targetsFrom(validation_.targets[o], share.begin,
                                      model_.sampleSize(model_.desc().outputs[o])));
      scores = model_.evaluateLosses(model_.inputsFrom(validation_.inputs, share.begin).data(),
                                     targets.data(), share.count, options_.batch_size,
                                     "validation sample");
    }
    if (workers_ > 1)
      sumOverWorkers(trainer_, scores);
    return scores;
  }

  // The first loss's accuracy, as cnn_batch_log and cnn_epoch_log report it.
  double firstAccuracy(const std::vector<Score> &scores) const {
    return trainer_.program().losses[0].kind == CNN_LOSS_CROSSENTROPY ||
                   trainer_.program().losses[0].kind == CNN_LOSS_BINARY_CROSSENTROPY
               ? scores.front().accuracy()
               : std::numeric_limits<double>::quiet_NaN();
  }

  // Each loss's score over the epoch's batches.
  std::vector<Score> trainEpoch(int epoch) {
    const int64_t count = train_.count, batchSize = options_.batch_size;
    const int64_t steps = (count + batchSize - 1) / batchSize;
    std::vector<int64_t> order(static_cast<size_t>(count));
    if (options_.shuffle)
      order = epochOrder(seed_, epoch, count);
    else
      std::iota(order.begin(), order.end(), int64_t{0});

    const Clock::time_point begin = Clock::now();
    std::vector<Score> epochScores(static_cast<size_t>(trainer_.program().num_losses));
    double lossSum = 0.0; // of every worker's samples, for the batch logs
    for (int64_t step = 1; step <= steps; ++step) {
      const int64_t first = (step - 1) * batchSize, batch = std::min(batchSize, count - first);
      const Share share = batchShareOf(batch, trainer_.microBatch(), options_.worker, workers_);
      std::vector<Score> scores(epochScores.size());
      if (share.count > 0) {
        gatherBatch(order.data() + first + share.begin, share.count);
        scores = trainer_.computeGradients(share.count, batchInputs_.data(), batchTargets_.data(),
                                           batchDropoutSeed(seed_, epoch, step), share.begin);
      } else {
        trainer_.takeNoSamples();
      }
      const double loss = trainer_.reduceGradients();
      if (!std::isfinite(loss))
        throw Error(CNN_ERROR_NUMERIC, divergence(epoch, step, steps, loss));
      trainer_.applyGradients();
      lossSum += loss * static_cast<double>(batch);
      for (size_t l = 0; l < scores.size(); ++l)
        epochScores[l].add(scores[l]);
      if (options_.on_batch && leader()) {
        std::vector<double> values = trainer_.metrics().values(epochScores);
        if (workers_ > 1)
          values.front() = lossSum / static_cast<double>(first + batch);
        const cnn_batch_log log{epoch,
                                step,
                                steps,
                                values.front(),
                                firstAccuracy(epochScores),
                                secondsSince(begin),
                                static_cast<int>(values.size()),
                                values.data()};
        options_.on_batch(options_.user, &log);
      }
    }
    return epochScores;
  }

  // Copies the samples `order[0..batch)` of every input, and their targets, into the batch.
  void gatherBatch(const int64_t *order, int64_t batch) {
    const cnn_model_desc &desc = model_.desc();
    batches_.resize(static_cast<size_t>(desc.num_inputs));
    batchInputs_.resize(static_cast<size_t>(desc.num_inputs));
    for (int i = 0; i < desc.num_inputs; ++i) {
      const int64_t size = model_.sampleSize(desc.inputs[i]);
      std::vector<float> &inputBatch = batches_[i];
      inputBatch.resize(static_cast<size_t>(batch * size));
      for (int64_t n = 0; n < batch; ++n)
        std::memcpy(inputBatch.data() + n * size, train_.inputs[i] + order[n] * size,
                    static_cast<size_t>(size) * sizeof(float));
      batchInputs_[i] = inputBatch.data();
    }
    batchLabels_.resize(static_cast<size_t>(desc.num_outputs));
    batchValues_.resize(static_cast<size_t>(desc.num_outputs));
    batchTargets_.assign(static_cast<size_t>(desc.num_outputs), cnn_targets{nullptr, nullptr});
    for (const cnn_loss_desc &loss : lossList()) {
      const cnn_targets &all = train_.targets[loss.output];
      const int64_t size = model_.sampleSize(desc.outputs[loss.output]);
      if (all.labels) {
        std::vector<int32_t> &labels = batchLabels_[loss.output];
        labels.resize(static_cast<size_t>(batch));
        for (int64_t n = 0; n < batch; ++n)
          labels[n] = all.labels[order[n]];
        batchTargets_[loss.output].labels = labels.data();
      }
      if (all.values) {
        std::vector<float> &values = batchValues_[loss.output];
        values.resize(static_cast<size_t>(batch * size));
        for (int64_t n = 0; n < batch; ++n)
          std::memcpy(values.data() + n * size, all.values + order[n] * size,
                      static_cast<size_t>(size) * sizeof(float));
        batchTargets_[loss.output].values = values.data();
      }
    }
  }

  std::vector<cnn_loss_desc> lossList() const {
    const cnn_train_desc &program = trainer_.program();
    return {program.losses, program.losses + program.num_losses};
  }

  // Records the epoch, whose first loss had `accuracy` and `valAccuracy`; true when early
  // stopping ends training.
  bool endEpoch(const EpochRow &row, double accuracy, double valAccuracy) {
    history_.push_back(row);
    if (options_.history && leader())
      writeHistory(options_.history, names(), history_);
    // Keras's monitors count only a strictly lower val_loss (min_delta 0) as an improvement.
    const double valLoss = row.valMetrics.front();
    const bool better = validation_.count > 0 && valLoss < bestValLoss_;
    if (better) {
      bestValLoss_ = valLoss;
      improved(row.epoch);
      if (options_.checkpoint && leader())
        saveCheckpoint(options_.checkpoint, model_, {row.epoch, bestValLoss_, seed_, history_});
    } else {
      ++epochsWithoutImprovement_;
    }
    result_.epochs_run = row.epoch;
    if (options_.on_epoch && leader()) {
      const cnn_epoch_log log{
          row.epoch,          row.metrics.front(),
          accuracy,           valLoss,
          valAccuracy,        row.seconds,
          better ? 1 : 0,     static_cast<int>(row.metrics.size()),
          row.metrics.data(), validation_.count > 0 ? row.valMetrics.data() : nullptr};
      options_.on_epoch(options_.user, &log);
    }
    result_.stopped_early = options_.patience > 0 && epochsWithoutImprovement_ >= options_.patience;
    return result_.stopped_early;
  }

  // The weights of `epoch` are the best so far.
  void improved(int epoch) {
    epochsWithoutImprovement_ = 0;
    result_.best_epoch = epoch;
    result_.best_val_loss = bestValLoss_;
    if (options_.restore_best_weights) {
      bestParams_.clear();
      for (const cnn_model::Param &param : model_.params())
        bestParams_.push_back(param.data);
    }
  }

  cnn_model &model_;
  Trainer &trainer_;
  const cnn_fit_options &options_;
  const Samples &train_, &validation_;
  cnn_fit_result &result_;
  const int workers_ = std::max(options_.workers, 1);
  uint64_t seed_ = options_.seed;
  std::vector<EpochRow> history_;
  double bestValLoss_ = std::numeric_limits<double>::infinity();
  int epochsWithoutImprovement_ = 0;
  std::vector<std::vector<float>> bestParams_;
  std::vector<std::vector<float>> batches_; // per input, the batch gathered in shuffled order
  std::vector<const float *> batchInputs_;
  std::vector<std::vector<int32_t>> batchLabels_; // per model output, the batch's targets
  std::vector<std::vector<float>> batchValues_;
  std::vector<cnn_targets> batchTargets_;
};

} // namespace

void fit(cnn_model &model, const cnn_fit_options &options, const Samples &train,
         const Samples &validation, cnn_fit_result &result) {
  checkArguments(model, options, train, validation);
  FitRun(model, options, train, validation, result).run();
}

} // namespace cnnrt
