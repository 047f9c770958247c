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
      learningRate_(program_.optimizer.learning_rate) {
  replicas_.emplace_back(program_);
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

void Trainer::setReplicas(int count) {
  if (count < 1 || count > kMaxReplicas)
    throw Error(CNN_ERROR_ARGUMENT, "the number of replicas must be 1 to " +
                                        std::to_string(kMaxReplicas) + ", got " +
                                        std::to_string(count));
  if (count == replicas())
    return;
  threads_.reset();
  replicas_.clear();
  for (int r = 0; r < count; ++r)
    replicas_.emplace_back(program_);
  if (count > 1)
    threads_ = std::make_unique<WorkerThreads>(count);
}

void Trainer::setMicroBatch(int64_t samples) {
  constexpr int64_t kLargest = int64_t{1} << 20;
  if (samples < 1 || samples > kLargest)
    throw Error(CNN_ERROR_ARGUMENT, "the micro-batch must be 1 to " + std::to_string(kLargest) +
                                        " samples, got " + std::to_string(samples));
  microBatch_ = samples;
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
  sums_.assign(gradientStart_.back() + kReducedScalars, 0.0f);
  gradients_.assign(gradientStart_.back(), 0.0f);
  state_.swap(state);
}

int64_t Trainer::flatCount(const cnn_buffer_ref &ref, int64_t batch) const {
  const RefShape shape = refShape(model_, ref);
  return elementCount(shape.shape + 1, shape.rank - 1) *
         (shape.shape[0] < 0 ? batch : shape.shape[0]);
}

Trainer::Range Trainer::partOf(int64_t count, int r) const {
  constexpr int64_t kLine = 16; // floats in a cache line
  const int64_t parts = replicas();
  auto start = [&](int64_t k) {
    return std::min(count, (count * k / parts + kLine - 1) / kLine * kLine);
  };
  return {start(r), start(r + 1) - start(r)};
}

void Trainer::addArg(KernelArgs &args, const Replica &replica, const cnn_buffer_ref &ref,
                     int64_t batch, const float *const *inputs, int part) {
  if (ref.kind == CNN_BUFFER_LABELS) {
    // kernels only read labels
    args.addInt32(const_cast<int32_t *>(replica.targets[ref.index].labels), batch);
    return;
  }
  float *memory = nullptr;
  switch (ref.kind) {
  case CNN_BUFFER_TARGETS:
    memory = const_cast<float *>(replica.targets[ref.index].values); // kernels never write targets
    break;
  case CNN_BUFFER_INPUT:
    memory = const_cast<float *>(inputs[ref.index]); // kernels never write a model input
    break;
  case CNN_BUFFER_TEMP:
    memory = replica.buffers.temp(ref.index);
    break;
  case CNN_BUFFER_PARAM:
    memory = model_.params()[ref.index].data.data();
    break;
  case CNN_BUFFER_GRAD:
    memory = replica.gradients + gradientStart_[static_cast<size_t>(ref.index)];
    break;
  default:
    memory = state_[ref.index].slots[ref.kind - CNN_BUFFER_SLOT0].data();
  }
  const RefShape shape = refShape(model_, ref);
  if (ref.flat) {
    const int64_t count = flatCount(ref, batch);
    const Range elements = part < 0 ? Range{0, count} : partOf(count, part);
    args.addFlat(memory + elements.begin, elements.count);
  } else
    args.add(memory, shape.shape, shape.rank, batch);
}

void Trainer::runPhase(Replica &replica, int phase, int64_t batch, const float *const *inputs,
                       const Scalars &scalars, bool profiled, int part) {
  for (int s = 0; s < program_.num_steps; ++s) {
    const cnn_step_desc &step = program_.steps[s];
    if (step.phase != phase || !step.kernel) // a view's memory is bound by its buffers
      continue;
    const bool flat = std::all_of(step.args, step.args + step.num_inputs + step.num_outputs,
                                  [](const cnn_buffer_ref &ref) { return ref.flat != 0; });
    const int stepPart = flat ? part : -1;
    if ((part > 0 && !flat) ||
        (stepPart >= 0 && partOf(flatCount(step.args[0], batch), stepPart).count == 0))
      continue; // replica 0 runs it whole, or this part of it is empty
    KernelArgs args;
    for (int a = 0; a < step.num_inputs; ++a)
      addArg(args, replica, step.args[a], batch, inputs, stepPart);
    if (step.scalar == CNN_SCALAR_DROPOUT_SEED) {
      args.addScalar(&scalars.dropoutSeed);
      args.addScalar(&scalars.firstSample);
    } else if (step.scalar == CNN_SCALAR_STEP_SIZE) {
      args.addScalar(&scalars.stepSize);
    }
    for (int a = step.num_inputs; a < step.num_inputs + step.num_outputs; ++a)
      addArg(args, replica, step.args[a], batch, inputs, stepPart);
    runKernel(step.kernel, args, "training step '" + std::string(step.name) + "'",
              profiled ? model_.profile().stepEntry(s) : nullptr, batch);
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

void Trainer::runMicroBatch(Replica &replica, const Range &range, float *sums,
                            const float *const *all, const cnn_targets *targets, Scalars scalars,
                            bool profiled) {
  replica.targets.resize(static_cast<size_t>(model_.desc().num_outputs));
  for (int o = 0; o < model_.desc().num_outputs; ++o)
    replica.targets[o] =
        targetsFrom(targets[o], range.begin, model_.sampleSize(model_.desc().outputs[o]));
  const std::vector<const float *> slice = model_.inputsFrom(all, range.begin);
  const float *const *inputs = slice.data();
  replica.buffers.bind(range.count, inputs);
  replica.gradients = sums;
  scalars.firstSample += static_cast<uint32_t>(range.begin);
  runPhase(replica, CNN_PHASE_FORWARD, range.count, inputs, scalars, profiled);
  for (int l = 0; l < program_.num_losses; ++l) {
    const cnn_loss_desc &loss = program_.losses[l];
    const float *predictions = replica.buffers.temp(loss.predictions.index);
    const int64_t sample = model_.sampleSize(model_.desc().outputs[loss.output]);
    addToScore(loss, predictions, replica.targets[loss.output], range.count, sample,
               replica.scores[l]);
  }
  runPhase(replica, CNN_PHASE_BACKWARD, range.count, inputs, scalars, profiled);
  // The kernels leave the micro-batch's mean gradient; the pairwise sums add its sum.
  const float samples = static_cast<float>(range.count);
  std::transform(sums, sums + gradientStart_.back(), sums,
                 [samples](float mean) { return mean * samples; });
}

void Trainer::runReplica(int r, const std::vector<Range> &micro, const float *const *inputs,
                         const cnn_targets *targets, const Scalars &scalars) {
  Replica &replica = replicas_[static_cast<size_t>(r)];
  replica.scores.assign(static_cast<size_t>(program_.num_losses), Score());
  const size_t count = micro.size(), replicaCount = replicas_.size();
  for (size_t m = count * r / replicaCount; m < count * (r + 1) / replicaCount; ++m)
    runMicroBatch(replica, micro[m], m == 0 ? sums_.data() : microSums_[m - 1].data(), inputs,
                  targets, scalars, r == 0);
}

void Trainer::addPairwise(size_t micro, const Range &elements) {
  auto sumsOf = [&](size_t m) {
    return (m == 0 ? sums_.data() : microSums_[m - 1].data()) + elements.begin;
  };
  for (size_t step = 1; step < micro; step *= 2)
    for (size_t m = 0; m + step < micro; m += 2 * step) {
      float *const into = sumsOf(m);
      const float *const from = sumsOf(m + step);
      for (int64_t i = 0; i < elements.count; ++i)
        into[i] += from[i];
    }
}

std::vector<Score> Trainer::computeGradients(int64_t batch, const float *const *inputs,
                                             const cnn_targets *targets, uint32_t dropoutSeed,
                                             int64_t first) {
  model_.checkBatch(batch, inputs);
  checkTargets(targets, batch, "sample");
  if (first % microBatch_ != 0)
    throw Error(CNN_ERROR_ARGUMENT, "a batch's share starts at sample " + std::to_string(first) +
                                        ", not at a micro-batch (a multiple of " +
                                        std::to_string(microBatch_) + ")");
  start();
  haveGradients_ = false;
  meansCurrent_ = false;
  std::vector<Range> micro;
  for (int64_t begin = 0; begin < batch; begin += microBatch_)
    micro.push_back({begin, std::min(microBatch_, batch - begin)});
  microSums_.resize(std::max(microSums_.size(), micro.size() - 1));
  for (size_t m = 0; m + 1 < micro.size(); ++m)
    microSums_[m].resize(gradientStart_.back());
  const Scalars scalars{dropoutSeed, static_cast<uint32_t>(first), 0.0f};
  const int64_t elements = static_cast<int64_t>(gradientStart_.back());
  if (replicas() == 1) {
    runReplica(0, micro, inputs, targets, scalars);
    addPairwise(micro.size(), {0, elements});
  } else {
    threads_->run([&](int r) { runReplica(r, micro, inputs, targets, scalars); });
    threads_->run([&](int r) { addPairwise(micro.size(), partOf(elements, r)); });
  }
  std::vector<Score> scores(static_cast<size_t>(program_.num_losses));
  for (const Replica &replica : replicas_)
    for (size_t l = 0; l < scores.size(); ++l)
      scores[l].add(replica.scores[l]);
  haveGradients_ = true;
  gradientBatch_ = summedSamples_ = batch;
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
  float *const end = sums_.data() + gradientStart_.back();
  end[0] = static_cast<float>(gradientLoss_ * static_cast<double>(gradientBatch_));
  end[1] = static_cast<float>(gradientBatch_);
  haveGradients_ = false; // a failed sum leaves the sums undefined
  meansCurrent_ = false;
  reduce(sums_.data(), sums_.size(), "the update was not applied");
  const float samples = end[1];
  if (!(samples > 0.0f))
    throw Error(CNN_ERROR_REDUCE, "the gradient reducer summed the batch sizes to " +
                                      formatNumber(samples) + "; the update was not applied");
  haveGradients_ = true;
  summedSamples_ = static_cast<int64_t>(samples);
  return static_cast<double>(end[0]) / samples;
}

void Trainer::reduce(float *data, size_t count, const std::string &what) {
  const int status = reduce_(reduceUser_, data, static_cast<int64_t>(count));
  if (status != 0)
    throw Error(CNN_ERROR_REDUCE,
                "the gradient reducer failed (returned " + std::to_string(status) + "); " + what);
}

void Trainer::takeNoSamples() {
  start();
  std::fill(sums_.begin(), sums_.end(), 0.0f);
  gradientBatch_ = summedSamples_ = 0;
  gradientLoss_ = 0.0;
  meansCurrent_ = false;
  haveGradients_ = true;
}

void Trainer::computeMeans(const Range &elements) const {
  const float samples = static_cast<float>(summedSamples_);
  const float *const sums = sums_.data() + elements.begin;
  std::transform(sums, sums + elements.count, gradients_.data() + elements.begin,
                 [samples](float sum) { return sum / samples; });
}

void Trainer::computeMeans() const {
  if (!meansCurrent_)
    computeMeans({0, static_cast<int64_t>(gradients_.size())});
  meansCurrent_ = true;
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
  const Scalars scalars{0, 0, static_cast<float>(stepSize)};
  if (replicas() == 1) {
    computeMeans();
    Replica &replica = replicas_.front();
    replica.gradients = gradients_.data(); // the UPDATE phase reads the means
    runPhase(replica, CNN_PHASE_UPDATE, 0, nullptr, scalars, true);
  } else {
    // Each replica takes its part of every parameter's means and update.
    threads_->run([&](int r) {
      for (size_t p = 0; p + 1 < gradientStart_.size() && !meansCurrent_; ++p) {
        const int64_t start = static_cast<int64_t>(gradientStart_[p]);
        const Range part = partOf(static_cast<int64_t>(gradientStart_[p + 1]) - start, r);
        computeMeans({start + part.begin, part.count});
      }
      Replica &replica = replicas_[static_cast<size_t>(r)];
      replica.gradients = gradients_.data();
      runPhase(replica, CNN_PHASE_UPDATE, 0, nullptr, scalars, r == 0, r);
    });
    meansCurrent_ = true;
  }
  steps_ = t;
}

const float *Trainer::gradient(int param) const {
  requireGradients();
  computeMeans();
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
