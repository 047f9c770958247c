// The interpreter of a model's training program: Keras's train_on_batch as generated kernels.
#ifndef CNNRT_TRAINER_H
#define CNNRT_TRAINER_H

#include "CrossEntropy.h"
#include "Kernel.h"
#include "Metrics.h"
#include "Model.h"
#include "TrainBuffers.h"

#include <string>
#include <vector>

namespace cnnrt {

class Trainer {
public:
  // Checks the model's training program (CNN_ERROR_FORMAT). Gradients and optimizer slots are
  // allocated by the first training call, so an inference-only user pays nothing for them.
  explicit Trainer(cnn_model &model);

  const char *optimizerName() const;
  double learningRate() const { return learningRate_; }
  void setLearningRate(double rate); // CNN_ERROR_ARGUMENT unless positive and finite
  int64_t optimizerSteps() const { return steps_; }
  const cnn_train_desc &program() const { return program_; }
  // The one loss of a model trained against class labels alone, and its number of classes;
  // CNN_ERROR_ARGUMENT for a model with other losses, which needs targets per output.
  const cnn_loss_desc &labelledLoss() const;
  int64_t classes() const;

  // The FORWARD and BACKWARD phases on one batch, leaving every parameter's gradient; returns
  // each loss's score (program().losses order), taken before the backward pass. targets[o] are
  // model output o's.
  std::vector<Score> computeGradients(int64_t batch, const float *const *inputs,
                                      const cnn_targets *targets, uint32_t dropoutSeed);
  // The same for labelledLoss()'s model: the score of its one loss.
  Score computeGradients(int64_t batch, const float *const *inputs, const int32_t *labels,
                         uint32_t dropoutSeed);
  // The total loss of the scores: each loss's mean times its weight.
  double totalLoss(const std::vector<Score> &scores) const;
  // What fit() and evaluate() report for this model, and how from the losses' scores.
  const MetricTable &metrics() const { return metrics_; }
  // Throws CNN_ERROR_ARGUMENT unless targets[o] holds what each loss of output o is computed
  // against, for `count` samples; `samples` names them in messages ("training sample").
  void checkTargets(const cnn_targets *targets, int64_t count, const char *samples) const;
  // Data-parallel training's hook (cnn_set_gradient_reducer); a null `reduce` for none.
  void setGradientReducer(cnn_gradient_reducer reduce, void *user);
  // Sums the last computeGradients's gradients and total loss over every worker through the
  // reducer, weighted by batch sizes: afterwards the gradients are those of the mean loss over
  // all workers' samples, and the result is that mean loss. Without a reducer, returns the
  // batch's total loss and leaves the gradients. CNN_ERROR_REDUCE when the reducer fails.
  double reduceGradients();
  // The UPDATE phase: one optimizer step from the stored gradients (CNN_ERROR_ARGUMENT before
  // the first computeGradients).
  void applyGradients();
  // The gradient of parameter `param` (an index into model.params()) from the last
  // computeGradients; CNN_ERROR_ARGUMENT before the first.
  const float *gradient(int param) const;

  // The optimizer's per-parameter slots (those the update kernels use) under their checkpoint
  // names, for saving and restoring training.
  struct StateTensor {
    std::string name;
    const cnn_param_desc *param;
    std::vector<float> *data;
  };
  std::vector<StateTensor> optimizerState();
  void setOptimizerSteps(int64_t steps) { steps_ = steps; }

private:
  struct ParamState {
    std::vector<float> slots[2];
  };
  // After the gradients, the reducer's buffer holds the batch's loss and size.
  static constexpr size_t kReducedScalars = 2;
  struct Scalars {
    uint32_t dropoutSeed;
    float stepSize;
  };

  void start();                  // allocates the gradients and slots
  void requireGradients() const; // CNN_ERROR_ARGUMENT before the first computeGradients
  void runPhase(int phase, int64_t batch, const float *const *inputs, Scalars &scalars);
  void addArg(KernelArgs &args, const cnn_buffer_ref &ref, int64_t batch,
              const float *const *inputs);
  // Checks every loss's targets for `batch` samples and keeps them for the kernels.
  void takeTargets(const cnn_targets *targets, int64_t batch);

  cnn_model &model_;
  const cnn_train_desc &program_;
  MetricTable metrics_;
  TrainBuffers buffers_;
  bool slotUsed_[2] = {false, false};
  double learningRate_;
  int64_t steps_ = 0; // updates applied (Adam's t)
  bool haveGradients_ = false;
  int64_t gradientBatch_ = 0; // the samples of the last computeGradients
  double gradientLoss_ = 0.0; // and their total loss
  cnn_gradient_reducer reduce_ = nullptr;
  void *reduceUser_ = nullptr;
  // Every parameter's gradient end to end (parameter p's from gradientStart_[p]), then
  // kReducedScalars floats: the buffer a gradient reducer sums.
  std::vector<float> gradients_;
  std::vector<size_t> gradientStart_;
  std::vector<ParamState> state_;    // per parameter; empty until training starts
  std::vector<cnn_targets> targets_; // per model output, the batch's labels or values
};

} // namespace cnnrt

#endif // CNNRT_TRAINER_H
