// The interpreter of a model's training program: Keras's train_on_batch as generated kernels.
#ifndef CNNRT_TRAINER_H
#define CNNRT_TRAINER_H

#include "CrossEntropy.h"
#include "Kernel.h"
#include "Metrics.h"
#include "Model.h"
#include "TrainBuffers.h"
#include "WorkerThreads.h"

#include <memory>

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

  // Data-parallel training in one process (cnn_set_replicas): `count` replicas of the forward
  // and backward pass, each on its share of every batch's micro-batches on its own thread.
  void setReplicas(int count); // CNN_ERROR_ARGUMENT unless 1 <= count <= kMaxReplicas
  int replicas() const { return static_cast<int>(replicas_.size()); }
  static constexpr int kMaxReplicas = 1024;
  // The samples of one forward and backward pass (cnn_set_micro_batch): a batch is computed as
  // micro-batches of this many samples (the last may be smaller) whose gradient sums are added
  // pairwise, so that the result does not depend on the replicas or workers computing them.
  void setMicroBatch(int64_t samples); // CNN_ERROR_ARGUMENT unless 1 <= samples <= 2^20
  int64_t microBatch() const { return microBatch_; }
  static constexpr int64_t kDefaultMicroBatch = 16;

  // The FORWARD and BACKWARD phases on one batch, leaving every parameter's gradient of the mean
  // loss over the batch; returns each loss's score (program().losses order), taken before the
  // backward pass. targets[o] are model output o's. The batch starts at sample `first` of a
  // larger one, whose dropout masks it takes (0: the batch is the whole); `first` must then be
  // a multiple of microBatch().
  std::vector<Score> computeGradients(int64_t batch, const float *const *inputs,
                                      const cnn_targets *targets, uint32_t dropoutSeed,
                                      int64_t first = 0);
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
  bool hasGradientReducer() const { return reduce_ != nullptr; }
  // Sums `count` floats over every worker through the reducer (CNN_ERROR_REDUCE when it fails,
  // naming `what`).
  void reduce(float *data, size_t count, const std::string &what);
  // A worker with no samples in a batch: zero gradients of zero samples, for reduceGradients.
  void takeNoSamples();
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
  // After the gradients' sums, the reducer's buffer holds the batch's loss sum and size.
  static constexpr size_t kReducedScalars = 2;
  struct Scalars {
    uint32_t dropoutSeed;
    uint32_t firstSample; // the batch's index of the buffers' first sample
    float stepSize;
  };
  // What one replica's kernels read and write besides the parameters: a micro-batch's
  // activations and targets, and the gradient buffer they write.
  struct Replica {
    explicit Replica(const cnn_train_desc &program) : buffers(program) {}
    TrainBuffers buffers;
    std::vector<cnn_targets> targets; // per model output
    float *gradients = nullptr;       // what its GRAD references name
    std::vector<Score> scores;        // of its micro-batches
  };
  // The samples [begin, begin + count) of a batch.
  struct Range {
    int64_t begin, count;
  };

  void start();                  // allocates the gradients and slots
  void requireGradients() const; // CNN_ERROR_ARGUMENT before the first computeGradients
  // Replica `r`'s micro-batches of a batch: each one's forward and backward pass into its own
  // sum buffer, its samples' gradients summed.
  void runReplica(int r, const std::vector<Range> &micro, const float *const *inputs,
                  const cnn_targets *targets, const Scalars &scalars);
  void runMicroBatch(Replica &replica, const Range &range, float *sums, const float *const *all,
                     const cnn_targets *targets, Scalars scalars, bool profiled);
  // Elements [begin, begin + count) of sums_ = the micro-batches' sums added pairwise: 0+1, 2+3,
  // ..., then (0+1)+(2+3), ...
  void addPairwise(size_t micro, const Range &elements);
  // gradients_ = sums_ / the samples they sum, on `elements`, or on all unless already so.
  void computeMeans(const Range &elements) const;
  void computeMeans() const;
  // Replica r's part of `count` elements that the replicas share in an elementwise pass.
  Range partOf(int64_t count, int r) const;
  // The elements of a flat buffer argument.
  int64_t flatCount(const cnn_buffer_ref &ref, int64_t batch) const;
  // Runs the phase's kernels; replica 0's calls are the profiled. With `part` >= 0 the replicas
  // share the phase, an elementwise UPDATE: this call runs part `part` of each kernel on flat
  // buffers (and replica 0 the others whole).
  void runPhase(Replica &replica, int phase, int64_t batch, const float *const *inputs,
                const Scalars &scalars, bool profiled, int part = -1);
  void addArg(KernelArgs &args, const Replica &replica, const cnn_buffer_ref &ref, int64_t batch,
              const float *const *inputs, int part);

  cnn_model &model_;
  const cnn_train_desc &program_;
  MetricTable metrics_;
  std::vector<Replica> replicas_;          // replica 0 also runs the UPDATE phase
  std::unique_ptr<WorkerThreads> threads_; // with more than one replica
  int64_t microBatch_ = kDefaultMicroBatch;
  bool slotUsed_[2] = {false, false};
  double learningRate_;
  int64_t steps_ = 0; // updates applied (Adam's t)
  bool haveGradients_ = false;
  int64_t gradientBatch_ = 0; // the samples of the last computeGradients
  double gradientLoss_ = 0.0; // and their mean total loss
  cnn_gradient_reducer reduce_ = nullptr;
  void *reduceUser_ = nullptr;
  // Every parameter's gradient summed over the samples, end to end (parameter p's from
  // gradientStart_[p]), then kReducedScalars floats: the buffer a gradient reducer sums. The
  // first micro-batch's sums are made here; the others' in microSums_.
  std::vector<float> sums_;
  std::vector<std::vector<float>> microSums_; // for micro-batches 1, 2, ...
  std::vector<size_t> gradientStart_;
  int64_t summedSamples_ = 0; // the samples sums_ holds (all workers' after reduceGradients)
  // The mean gradients the UPDATE phase and gradient() read: sums_ / summedSamples_.
  mutable std::vector<float> gradients_;
  mutable bool meansCurrent_ = false;
  std::vector<ParamState> state_; // per parameter; empty until training starts
};

} // namespace cnnrt

#endif // CNNRT_TRAINER_H
