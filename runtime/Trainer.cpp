// Running the training program's phases: buffers for each step, the optimizer's step size.
#include "Trainer.h"

#include "Errors.h"
#include "TrainProgram.h"

#include <algorithm>
#include <cmath>

namespace cnnrt {
namespace {

// Checkpoint names of SLOT0 and SLOT1, per optimizer kind; SGD's one slot is its momentum.
const char *const kSlotNames[3][2] = {{"m", "v"}, {"momentum", nullptr}, {"velocity", "momentum"}};
const char *const kOptimizerNames[3] = {"adam", "sgd", "rmsprop"};

} // namespace

Trainer::Trainer(cnn_model &model)
    : model_(model), program_(checkTrainProgram(model)), metrics_(model, program_),
      buffers_(program_), learningRate_(program_.optimizer.learning_rate) {
  for (int s = 0; s < program_.num_steps; ++s) {
    const cnn_step_desc &step = program_.steps[s];
    for (int a = 0; a < step.num_inputs + step.num_outputs; ++a) {
      const int kind = step.args[a].kind;
      if (kind == CNN_BUFFER_SLOT0 || kind == CNN_BUFFER_SLOT1)
        slotUsed_[kind - CNN_BUFFER_SLOT0] = true;
    }
  }
}

const char *Trainer::optimizerName() const { return kOptimizerNames[program_.optimizer.kind]; }

void Trainer::setLearningRate(double rate) {
  if (!(rate > 0.0) || !std::isfinite(rate))
    throw Error(CNN_ERROR_ARGUMENT,
                "the learning rate must be positive and finite, got " + formatNumber(rate));
  learningRate_ = rate;
}

const cnn_loss_desc &Trainer::labelledLoss() const {
  if (program_.num_losses != 1 || program_.losses[0].kind != CNN_LOSS_CROSSENTROPY)
    throw Error(CNN_ERROR_ARGUMENT,
                "the model trains " + std::to_string(program_.num_losses) +
                    " output(s), not one against class labels: give every output its targets "
                    "(the *_targets functions)");
  return program_.losses[0];
}

int64_t Trainer::classes() const {
  return program_.temps[labelledLoss().predictions.index].shape[1];
}

double Trainer::totalLoss(const std::vector<Score> &scores) const {
  return metrics_.values(scores).front();
}

void Trainer::start() {
  if (!state_.empty())
    return;
  std::vector<ParamState> state(model_.params().size());
  gradientStart_.assign(1, 0);
  for (size_t p = 0; p < state.size(); ++p) {
    const size_t size = model_.params()[p].data.size();
    gradientStart_.push_back(gradientStart_.back() + size);
    for (int slot = 0; slot < 2; ++slot)
      if (slotUsed_[slot])
        state[p].slots[slot].resize(size);
  }
  gradients_.assign(gradientStart_.back() + kReducedScalars, 0.0f);
  state_.swap(state);
}

void Trainer::addArg(KernelArgs &args, const cnn_buffer_ref &ref, int64_t batch,
                     const float *const *inputs) {
  if (ref.kind == CNN_BUFFER_LABELS) {
    args.addInt32(const_cast<int32_t *>(targets_[ref.index].labels), batch); // kernels only read
    return;
  }
  float *memory = nullptr;
  switch (ref.kind) {
  case CNN_BUFFER_TARGETS:
    memory = const_cast<float *>(targets_[ref.index].values); // kernels never write targets
    break;
  case CNN_BUFFER_INPUT:
    memory = const_cast<float *>(inputs[ref.index]); // kernels never write a model input
    break;
  case CNN_BUFFER_TEMP:
    memory = buffers_.temp(ref.index);
    break;
  case CNN_BUFFER_PARAM:
    memory = model_.params()[ref.index].data.data();
    break;
  case CNN_BUFFER_GRAD:
    memory = gradients_.data() + gradientStart_[static_cast<size_t>(ref.index)];
    break;
  default:
    memory = state_[ref.index].slots[ref.kind - CNN_BUFFER_SLOT0].data();
  }
  const RefShape shape = refShape(model_, ref);
  if (ref.flat)
    args.addFlat(memory, elementCount(shape.shape + 1, shape.rank - 1) *
                             (shape.shape[0] < 0 ? batch : shape.shape[0]));
  else
    args.add(memory, shape.shape, shape.rank, batch);
}

void Trainer::runPhase(int phase, int64_t batch, const float *const *inputs, Scalars &scalars) {
  for (int s = 0; s < program_.num_steps; ++s) {
    const cnn_step_desc &step = program_.steps[s];
    if (step.phase != phase || !step.kernel) // a view's memory is bound by buffers_
      continue;
    KernelArgs args;
    for (int a = 0; a < step.num_inputs; ++a)
      addArg(args, step.args[a], batch, inputs);
    if (step.scalar == CNN_SCALAR_DROPOUT_SEED)
      args.addScalar(&scalars.dropoutSeed);
    else if (step.scalar == CNN_SCALAR_STEP_SIZE)
      args.addScalar(&scalars.stepSize);
    for (int a = step.num_inputs; a < step.num_inputs + step.num_outputs; ++a)
      addArg(args, step.args[a], batch, inputs);
    runKernel(step.kernel, args, "training step '" + std::string(step.name) + "'",
              model_.profile().stepEntry(s), batch);
  }
}

void Trainer::checkTargets(const cnn_targets *targets, int64_t count, const char *samples) const {
  if (!targets)
    throw Error(CNN_ERROR_ARGUMENT, "the targets are null");
  for (int l = 0; l < program_.num_losses; ++l) {
    const cnn_loss_desc &loss = program_.losses[l];
    cnnrt::checkTargets(loss, targets[loss.output], count,
                        model_.sampleSize(model_.desc().outputs[loss.output]),
                        model_.describeOutput(loss.output), samples);
  }
}

void Trainer::takeTargets(const cnn_targets *targets, int64_t batch) {
  checkTargets(targets, batch, "sample");
  targets_.assign(targets, targets + model_.desc().num_outputs);
}

std::vector<Score> Trainer::computeGradients(int64_t batch, const float *const *inputs,
                                             const cnn_targets *targets, uint32_t dropoutSeed) {
  model_.checkBatch(batch, inputs);
  takeTargets(targets, batch);
  buffers_.bind(batch, inputs);
  start();
  Scalars scalars{dropoutSeed, 0.0f};
  haveGradients_ = false;
  runPhase(CNN_PHASE_FORWARD, batch, inputs, scalars);
  std::vector<Score> scores(program_.num_losses);
  for (int l = 0; l < program_.num_losses; ++l) {
    const cnn_loss_desc &loss = program_.losses[l];
    const float *predictions = buffers_.temp(loss.predictions.index);
    const int64_t sample = model_.sampleSize(model_.desc().outputs[loss.output]);
    addToScore(loss, predictions, targets_[loss.output], batch, sample, scores[l]);
  }
  runPhase(CNN_PHASE_BACKWARD, batch, inputs, scalars);
  haveGradients_ = true;
  gradientBatch_ = batch;
  gradientLoss_ = totalLoss(scores);
  return scores;
}

Score Trainer::computeGradients(int64_t batch, const float *const *inputs, const int32_t *labels,
                                uint32_t dropoutSeed) {
  std::vector<cnn_targets> targets(static_cast<size_t>(model_.desc().num_outputs));
  targets[labelledLoss().output].labels = labels;
  if (!labels)
    throw Error(CNN_ERROR_ARGUMENT, "the labels are null");
  return computeGradients(batch, inputs, targets.data(), dropoutSeed).front();
}

void Trainer::setGradientReducer(cnn_gradient_reducer reduce, void *user) {
  reduce_ = reduce;
  reduceUser_ = user;
}

double Trainer::reduceGradients() {
  requireGradients();
  if (!reduce_)
    return gradientLoss_;
  // Each worker's sums of per-sample gradients and losses, then its sample count.
  const float weight = static_cast<float>(gradientBatch_);
  float *const sums = gradients_.data(), *const end = sums + gradientStart_.back();
  std::transform(sums, end, sums, [weight](float value) { return value * weight; });
  end[0] = static_cast<float>(gradientLoss_ * gradientBatch_);
  end[1] = weight;
  const int status = reduce_(reduceUser_, sums, static_cast<int64_t>(gradients_.size()));
  const float samples = end[1];
  haveGradients_ = status == 0 && samples > 0.0f; // scaled by the batch size, they are spent
  if (status != 0)
    throw Error(CNN_ERROR_REDUCE, "the gradient reducer failed (returned " +
                                      std::to_string(status) + "); the update was not applied");
  if (!haveGradients_)
    throw Error(CNN_ERROR_REDUCE, "the gradient reducer summed the batch sizes to " +
                                      formatNumber(samples) + "; the update was not applied");
  std::transform(sums, end, sums, [samples](float value) { return value / samples; });
  return static_cast<double>(end[0]) / samples;
}

void Trainer::requireGradients() const {
  if (!haveGradients_)
    throw Error(CNN_ERROR_ARGUMENT,
                "there are no gradients yet: cnn_compute_gradients comes first");
}

void Trainer::applyGradients() {
  requireGradients();
  const cnn_optimizer_desc &optimizer = program_.optimizer;
  const int64_t t = steps_ + 1;
  double stepSize = learningRate_;
  // Keras 3 folds Adam's bias corrections into the step size.
  if (optimizer.kind == CNN_OPTIMIZER_ADAM)
    stepSize *= std::sqrt(1.0 - std::pow(optimizer.beta_2, static_cast<double>(t))) /
                (1.0 - std::pow(optimizer.beta_1, static_cast<double>(t)));
  Scalars scalars{0, static_cast<float>(stepSize)};
  runPhase(CNN_PHASE_UPDATE, 0, nullptr, scalars);
  steps_ = t;
}

const float *Trainer::gradient(int param) const {
  requireGradients();
  return gradients_.data() + gradientStart_[static_cast<size_t>(param)];
}

std::vector<Trainer::StateTensor> Trainer::optimizerState() {
  start();
  std::vector<StateTensor> tensors;
  for (size_t p = 0; p < state_.size(); ++p)
    for (int slot = 0; slot < 2; ++slot) {
      if (!slotUsed_[slot])
        continue;
      const cnn_param_desc *param = model_.params()[p].desc;
      tensors.push_back({std::string(kOptimizerTensorPrefix) + param->name + "." +
                             kSlotNames[program_.optimizer.kind][slot],
                         param, &state_[p].slots[slot]});
    }
  return tensors;
}

} // namespace cnnrt
