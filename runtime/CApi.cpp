// The extern "C" functions of cnn.h, thin wrappers over cnn_model.
//
// Every exception becomes a status and a message, so nothing is thrown across the C boundary.
#include "cnn/cnn.h"

#include "Dataset.h"
#include "Errors.h"
#include "Fit.h"
#include "Model.h"
#include "ModelLibrary.h"
#include "Trainer.h"

#include <HalideRuntime.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>

namespace {

// One instance must not be used from two threads at once (cnn.h). The calls that read or change
// its state claim it for their thread until the outermost C API call on that thread returns
// (calls from a fit callback run inside cnn_fit's); another thread's call meanwhile fails
// cleanly instead of racing.
thread_local std::vector<const cnn_model *> claimedModels;

void claim(const cnn_model &model) {
  const std::thread::id self = std::this_thread::get_id();
  std::thread::id none;
  if (model.user().load() == self)
    return;
  if (!model.user().compare_exchange_strong(none, self))
    throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                       "the model is in use by another thread: one instance must not be used from "
                       "two threads at once (lock around it, or make one instance per thread)");
  claimedModels.push_back(&model);
}

// Releases the models claimed since it was made.
class ClaimScope {
public:
  ClaimScope() : mark_(claimedModels.size()) {}
  ~ClaimScope() {
    while (claimedModels.size() > mark_) {
      claimedModels.back()->user().store(std::thread::id());
      claimedModels.pop_back();
    }
  }
  ClaimScope(const ClaimScope &) = delete;
  ClaimScope &operator=(const ClaimScope &) = delete;

private:
  size_t mark_;
};

template <typename Body> cnn_status guarded(Body &&body) noexcept {
  ClaimScope claims;
  try {
    body();
    return CNN_OK;
  } catch (const cnnrt::Error &error) {
    cnnrt::setLastError(error.what());
    return error.status();
  } catch (const std::bad_alloc &) {
    cnnrt::setLastError("out of memory");
    return CNN_ERROR_MEMORY;
  } catch (const std::exception &error) {
    cnnrt::setLastError(error.what());
    return CNN_ERROR_ARGUMENT;
  } catch (...) {
    cnnrt::setLastError("unknown error");
    return CNN_ERROR_ARGUMENT;
  }
}

// For the calls that answer with a number: `fallback` (and a message) when `body` throws.
template <typename Body> int guardedValue(int fallback, Body &&body) noexcept {
  int value = fallback;
  guarded([&] { value = body(); });
  return value;
}

template <typename Model> Model &checked(Model *model) {
  if (!model)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the model is null");
  return *model;
}

template <typename Pointer> void checkPointer(Pointer *pointer, const char *what) {
  if (!pointer)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, std::string(what) + " is null");
}

int checkedIndex(int index, int count, const char *what) {
  if (index < 0 || index >= count)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, std::string(what) + " " + std::to_string(index) +
                                               " is out of range (there are " +
                                               std::to_string(count) + ")");
  return index;
}

const cnn_model::Param &paramForCopy(const cnn_model &model, const char *name, const float *data,
                                     size_t count) {
  const int index = model.findParam(name);
  if (index < 0)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, std::string("the model has no parameter '") +
                                               (name ? name : "(null)") + "'");
  const cnn_model::Param &param = model.params()[index];
  checkPointer(data, "the data pointer");
  if (count != param.data.size())
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, std::string("parameter '") + name + "' has " +
                                               std::to_string(param.data.size()) +
                                               " elements, the caller gave " +
                                               std::to_string(count));
  return param;
}

// The model, claimed for this thread (CNN_ERROR_ARGUMENT when null or in use by another).
template <typename Model> Model &claimed(Model *model) {
  claim(checked(model));
  return *model;
}

// The trainer of a model that can train (CNN_ERROR_ARGUMENT otherwise), claimed.
template <typename Model> auto &trainerOf(Model *model) { return claimed(model).trainer(); }

void scoreOut(const cnnrt::Score &score, double *loss, double *accuracy) {
  if (loss)
    *loss = score.loss();
  if (accuracy)
    *accuracy = score.accuracy();
}

} // namespace

extern "C" {

const char *cnn_last_error(void) { return cnnrt::lastError(); }

int cnn_abi_version(void) { return CNN_ABI_VERSION; }

cnn_status cnn_create(const cnn_model_desc *desc, cnn_model **model) {
  return guarded([&] {
    checkPointer(model, "the model pointer");
    *model = nullptr;
    checkPointer(desc, "the compiled model (the entry point's result)");
    *model = new cnn_model(*desc);
  });
}

cnn_status cnn_open(const char *path, cnn_model **model) {
  return guarded([&] {
    checkPointer(model, "the model pointer");
    *model = nullptr;
    checkPointer(path, "the path");
    cnnrt::OpenedLibrary library = cnnrt::openModelLibrary(path);
    try {
      auto opened = std::make_unique<cnn_model>(*library.desc);
      opened->keepLibrary(std::move(library.handle));
      *model = opened.release();
    } catch (const cnnrt::Error &error) {
      throw cnnrt::Error(error.status(), std::string(path) + ": " + error.what());
    }
  });
}

void cnn_destroy(cnn_model *model) { delete model; }

int cnn_has_embedded_weights(const cnn_model *model) {
  return model && model->hasEmbeddedWeights() ? 1 : 0;
}

const char *cnn_model_name(const cnn_model *model) { return model ? model->desc().name : ""; }

int cnn_num_layers(const cnn_model *model) {
  return guardedValue(0, [&] { return checked(model).desc().num_layers; });
}

cnn_status cnn_layer_info_at(const cnn_model *model, int layer, cnn_layer_info *info) {
  return guarded([&] {
    const cnn_layer_desc &desc = checked(model).layer(layer);
    checkPointer(info, "the layer info pointer");
    *info = cnn_layer_info();
    info->name = desc.name;
    info->type = desc.type;
    info->rank = desc.rank;
    std::memcpy(info->shape, desc.shape, sizeof info->shape);
    info->num_params = model->layerParamCount(layer);
    info->num_inputs = desc.num_inputs;
  });
}

int cnn_layer_input(const cnn_model *model, int layer, int slot) {
  return guardedValue(-1, [&] {
    const cnn_layer_desc &desc = checked(model).layer(layer);
    return desc.inputs[checkedIndex(slot, desc.num_inputs, "input slot")];
  });
}

int cnn_find_layer(const cnn_model *model, const char *name) {
  return guardedValue(-1, [&] {
    checkPointer(name, "the layer name");
    return checked(model).findLayer(name);
  });
}

int cnn_is_functional(const cnn_model *model) { return model && model->desc().functional ? 1 : 0; }

int cnn_num_inputs(const cnn_model *model) {
  return guardedValue(0, [&] { return checked(model).desc().num_inputs; });
}

int cnn_input_layer(const cnn_model *model, int input) {
  return guardedValue(-1, [&] {
    const cnn_model_desc &desc = checked(model).desc();
    return desc.inputs[checkedIndex(input, desc.num_inputs, "model input")];
  });
}

int cnn_num_outputs(const cnn_model *model) {
  return guardedValue(0, [&] { return checked(model).desc().num_outputs; });
}

int cnn_output_layer(const cnn_model *model, int output) {
  return guardedValue(-1, [&] {
    const cnn_model_desc &desc = checked(model).desc();
    return desc.outputs[checkedIndex(output, desc.num_outputs, "model output")];
  });
}

int cnn_num_params(const cnn_model *model) {
  return guardedValue(0, [&] { return static_cast<int>(checked(model).params().size()); });
}

cnn_status cnn_param_info(const cnn_model *model, int param, cnn_tensor_info *info) {
  return guarded([&] {
    const auto &params = checked(model).params();
    const cnn_param_desc &desc =
        *params[checkedIndex(param, static_cast<int>(params.size()), "parameter")].desc;
    checkPointer(info, "the tensor info pointer");
    *info = cnn_tensor_info();
    info->name = desc.name;
    info->rank = desc.rank;
    std::memcpy(info->shape, desc.shape, sizeof info->shape);
  });
}

cnn_status cnn_get_param(const cnn_model *model, const char *name, float *data, size_t count) {
  return guarded([&] {
    const cnn_model::Param &param = paramForCopy(claimed(model), name, data, count);
    std::memcpy(data, param.data.data(), count * sizeof(float));
  });
}

cnn_status cnn_set_param(cnn_model *model, const char *name, const float *data, size_t count) {
  return guarded([&] {
    paramForCopy(claimed(model), name, data, count);
    std::memcpy(model->paramData(name).data(), data, count * sizeof(float));
  });
}

cnn_status cnn_init_params(cnn_model *model, uint64_t seed) {
  return guarded([&] { claimed(model).initParams(seed); });
}

cnn_status cnn_load_weights(cnn_model *model, const char *path) {
  return guarded([&] {
    checkPointer(path, "the path");
    claimed(model).loadWeights(path);
  });
}

cnn_status cnn_save_weights(const cnn_model *model, const char *path) {
  return guarded([&] {
    checkPointer(path, "the path");
    claimed(model).saveWeights(path);
  });
}

cnn_status cnn_set_threads(cnn_model *model, int threads) {
  return guarded([&] {
    checked(model);
    if (threads < 0)
      throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                         "the thread count must be 0 or more, got " + std::to_string(threads));
    halide_set_num_threads(threads);
  });
}

cnn_status cnn_forward(cnn_model *model, int64_t batch, const float *const *inputs,
                       float *const *outputs) {
  return guarded([&] { claimed(model).forward(batch, inputs, outputs); });
}

cnn_status cnn_layer_output(cnn_model *model, const char *layer, int64_t batch,
                            const float *const *inputs, float *data, size_t count) {
  return guarded([&] { claimed(model).layerOutput(layer, batch, inputs, data, count); });
}

cnn_status cnn_dataset_load(const char *source, const char *split, cnn_dataset **dataset) {
  return guarded([&] {
    checkPointer(dataset, "the data set pointer");
    *dataset = nullptr;
    checkPointer(source, "the data set source");
    checkPointer(split, "the split");
    *dataset = cnnrt::loadDataset(source, split).release();
  });
}

void cnn_dataset_destroy(cnn_dataset *dataset) { delete dataset; }

void cnn_dataset_shape(const cnn_dataset *dataset, int64_t shape[4]) {
  for (int d = 0; shape && d < 4; ++d)
    shape[d] = dataset ? dataset->shape[d] : 0;
}

const float *cnn_dataset_images(const cnn_dataset *dataset) {
  return dataset ? dataset->images.data() : nullptr;
}

const int32_t *cnn_dataset_labels(const cnn_dataset *dataset) {
  return dataset ? dataset->labels.data() : nullptr;
}

cnn_status cnn_evaluate(cnn_model *model, const float *const *inputs, const int32_t *labels,
                        int64_t count, int64_t batch_size, double *loss, double *accuracy) {
  return guarded([&] {
    checkPointer(loss, "the loss pointer");
    checkPointer(accuracy, "the accuracy pointer");
    claimed(model).evaluate(inputs, labels, count, batch_size, *loss, *accuracy);
  });
}

int cnn_num_metrics(const cnn_model *model) {
  return model && model->canTrain() ? static_cast<int>(model->trainer().metrics().names().size())
                                    : 0;
}

const char *cnn_metric_name(const cnn_model *model, int metric) {
  if (metric < 0 || metric >= cnn_num_metrics(model))
    return nullptr;
  return model->trainer().metrics().names()[static_cast<size_t>(metric)].c_str();
}

cnn_status cnn_evaluate_targets(cnn_model *model, const float *const *inputs,
                                const cnn_targets *targets, int64_t count, int64_t batch_size,
                                double *metrics) {
  return guarded([&] {
    const cnnrt::Trainer &trainer = trainerOf(model);
    checkPointer(metrics, "the metrics pointer");
    const std::vector<double> values = trainer.metrics().values(
        model->evaluateLosses(inputs, targets, count, batch_size, "sample"));
    std::copy(values.begin(), values.end(), metrics);
  });
}

int cnn_can_train(const cnn_model *model) { return model && model->canTrain() ? 1 : 0; }

const char *cnn_optimizer_name(const cnn_model *model) {
  return model && model->canTrain() ? model->trainer().optimizerName() : "";
}

const cnn_fit_defaults *cnn_model_fit_defaults(const cnn_model *model) {
  return model ? model->desc().fit : nullptr;
}

double cnn_learning_rate(const cnn_model *model) {
  return model && model->canTrain() ? model->trainer().learningRate() : 0.0;
}

cnn_status cnn_set_learning_rate(cnn_model *model, double learning_rate) {
  return guarded([&] { trainerOf(model).setLearningRate(learning_rate); });
}

int64_t cnn_optimizer_steps(const cnn_model *model) {
  return model && model->canTrain() ? model->trainer().optimizerSteps() : 0;
}

cnn_status cnn_compute_gradients(cnn_model *model, int64_t batch, const float *const *inputs,
                                 const int32_t *labels, uint32_t dropout_seed, double *loss,
                                 double *accuracy) {
  return guarded([&] {
    scoreOut(trainerOf(model).computeGradients(batch, inputs, labels, dropout_seed), loss,
             accuracy);
  });
}

namespace {

// The total loss and each output's loss of a batch's scores; either pointer may be null. Returns
// the total.
double lossesOut(const cnnrt::Trainer &trainer, const cnn_model &model,
                 const std::vector<cnnrt::Score> &scores, double *loss, double *outputLosses) {
  const double total = trainer.totalLoss(scores);
  if (loss)
    *loss = total;
  if (outputLosses) {
    std::fill(outputLosses, outputLosses + model.desc().num_outputs, 0.0);
    for (size_t l = 0; l < scores.size(); ++l)
      outputLosses[trainer.program().losses[l].output] = scores[l].loss();
  }
  return total;
}

// A diverged batch would spoil every parameter, so it is not applied; with a gradient reducer,
// where any worker's batch diverged, none applies it.
void applyUnlessDiverged(cnnrt::Trainer &trainer) {
  const double loss = trainer.reduceGradients();
  if (!std::isfinite(loss))
    throw cnnrt::Error(CNN_ERROR_NUMERIC,
                       "the loss is " + cnnrt::formatNumber(loss) + "; the update was not applied");
  trainer.applyGradients();
}

} // namespace

cnn_loss_kind cnn_output_loss(const cnn_model *model, int output) {
  if (!model || !model->canTrain())
    return CNN_LOSS_NONE;
  const cnn_train_desc &program = model->trainer().program();
  for (int l = 0; l < program.num_losses; ++l)
    if (program.losses[l].output == output)
      return static_cast<cnn_loss_kind>(program.losses[l].kind);
  return CNN_LOSS_NONE;
}

cnn_status cnn_compute_gradients_targets(cnn_model *model, int64_t batch,
                                         const float *const *inputs, const cnn_targets *targets,
                                         uint32_t dropout_seed, double *loss,
                                         double *output_losses) {
  return guarded([&] {
    cnnrt::Trainer &trainer = trainerOf(model);
    lossesOut(trainer, *model, trainer.computeGradients(batch, inputs, targets, dropout_seed), loss,
              output_losses);
  });
}

cnn_status cnn_train_step_targets(cnn_model *model, int64_t batch, const float *const *inputs,
                                  const cnn_targets *targets, uint32_t dropout_seed, double *loss,
                                  double *output_losses) {
  return guarded([&] {
    cnnrt::Trainer &trainer = trainerOf(model);
    const std::vector<cnnrt::Score> scores =
        trainer.computeGradients(batch, inputs, targets, dropout_seed);
    lossesOut(trainer, *model, scores, loss, output_losses);
    applyUnlessDiverged(trainer);
  });
}

cnn_status cnn_get_gradient(const cnn_model *model, const char *name, float *data, size_t count) {
  return guarded([&] {
    const cnnrt::Trainer &trainer = trainerOf(model);
    paramForCopy(*model, name, data, count);
    std::memcpy(data, trainer.gradient(model->findParam(name)), count * sizeof(float));
  });
}

cnn_status cnn_apply_gradients(cnn_model *model) {
  return guarded([&] {
    cnnrt::Trainer &trainer = trainerOf(model);
    trainer.reduceGradients();
    trainer.applyGradients();
  });
}

cnn_status cnn_set_replicas(cnn_model *model, int replicas) {
  return guarded([&] { trainerOf(model).setReplicas(replicas); });
}

cnn_status cnn_set_micro_batch(cnn_model *model, int64_t samples) {
  return guarded([&] { trainerOf(model).setMicroBatch(samples); });
}

int64_t cnn_micro_batch(const cnn_model *model) {
  return model && model->canTrain() ? model->trainer().microBatch()
                                    : cnnrt::Trainer::kDefaultMicroBatch;
}

int cnn_replicas(const cnn_model *model) {
  return model && model->canTrain() ? model->trainer().replicas() : 1;
}

cnn_status cnn_set_gradient_reducer(cnn_model *model, cnn_gradient_reducer reduce, void *user) {
  return guarded([&] { trainerOf(model).setGradientReducer(reduce, user); });
}

cnn_status cnn_train_step(cnn_model *model, int64_t batch, const float *const *inputs,
                          const int32_t *labels, uint32_t dropout_seed, double *loss,
                          double *accuracy) {
  return guarded([&] {
    cnnrt::Trainer &trainer = trainerOf(model);
    const cnnrt::Score score = trainer.computeGradients(batch, inputs, labels, dropout_seed);
    scoreOut(score, loss, accuracy);
    applyUnlessDiverged(trainer);
  });
}

void cnn_fit_options_init(cnn_fit_options *options) {
  if (!options)
    return;
  *options = cnn_fit_options();
  options->epochs = 1;
  options->batch_size = 32;
  options->shuffle = 1;
  options->restore_best_weights = 1;
  options->workers = 1;
}

cnn_status cnn_fit(cnn_model *model, const cnn_fit_options *options, const float *const *inputs,
                   const int32_t *labels, int64_t count, const float *const *val_inputs,
                   const int32_t *val_labels, int64_t val_count, cnn_fit_result *result) {
  cnn_fit_result ignored;
  return guarded([&] {
    checkPointer(options, "the options pointer");
    cnnrt::Trainer &trainer = trainerOf(model);
    const int output = trainer.labelledLoss().output;
    std::vector<cnn_targets> targets(static_cast<size_t>(model->desc().num_outputs)),
        valTargets = targets;
    targets[output].labels = labels;
    valTargets[output].labels = val_labels;
    cnnrt::fit(*model, *options, {inputs, targets.data(), count},
               {val_inputs, valTargets.data(), val_count}, result ? *result : ignored);
  });
}

cnn_status cnn_fit_targets(cnn_model *model, const cnn_fit_options *options,
                           const float *const *inputs, const cnn_targets *targets, int64_t count,
                           const float *const *val_inputs, const cnn_targets *val_targets,
                           int64_t val_count, cnn_fit_result *result) {
  cnn_fit_result ignored;
  return guarded([&] {
    checkPointer(options, "the options pointer");
    trainerOf(model);
    cnnrt::fit(*model, *options, {inputs, targets, count}, {val_inputs, val_targets, val_count},
               result ? *result : ignored);
  });
}

cnn_status cnn_set_profiling(cnn_model *model, int enabled) {
  return guarded([&] { claimed(model).profile().setEnabled(enabled != 0); });
}

int cnn_profile_count(const cnn_model *model) {
  return model ? static_cast<int>(model->profile().entries().size()) : 0;
}

cnn_status cnn_profile_entry(const cnn_model *model, int index, cnn_profile_info *info) {
  return guarded([&] {
    const std::vector<cnnrt::ProfileEntry> &entries = claimed(model).profile().entries();
    const cnnrt::ProfileEntry &entry =
        entries[checkedIndex(index, static_cast<int>(entries.size()), "profile entry")];
    checkPointer(info, "the info pointer");
    *info = {entry.name.c_str(), entry.phase, entry.calls, entry.seconds, entry.flops};
  });
}

} // extern "C"
