// Checking a training program once, when the model is created, so a malformed descriptor is a
// CNN_ERROR_FORMAT from cnn_create and never an out-of-range access during training.
#include "TrainProgram.h"

#include "Errors.h"

#include <cmath>

namespace cnnrt {
namespace {

[[noreturn]] void bad(const std::string &message) {
  throw Error(CNN_ERROR_FORMAT, "model descriptor: training program: " + message);
}

bool isBatched(int kind) {
  return kind == CNN_BUFFER_INPUT || kind == CNN_BUFFER_TEMP || kind == CNN_BUFFER_LABELS ||
         kind == CNN_BUFFER_TARGETS;
}

bool isOptimizerSlot(int kind) { return kind == CNN_BUFFER_SLOT0 || kind == CNN_BUFFER_SLOT1; }

int refLimit(const cnn_model &model, int kind) {
  switch (kind) {
  case CNN_BUFFER_INPUT:
    return model.desc().num_inputs;
  case CNN_BUFFER_TEMP:
    return model.desc().train->num_temps;
  case CNN_BUFFER_PARAM:
  case CNN_BUFFER_GRAD:
  case CNN_BUFFER_SLOT0:
  case CNN_BUFFER_SLOT1:
    return static_cast<int>(model.params().size());
  case CNN_BUFFER_LABELS:
  case CNN_BUFFER_TARGETS:
    return model.desc().num_outputs;
  default:
    return 0;
  }
}

void checkOptimizer(const cnn_optimizer_desc &optimizer) {
  if (optimizer.kind != CNN_OPTIMIZER_ADAM && optimizer.kind != CNN_OPTIMIZER_SGD &&
      optimizer.kind != CNN_OPTIMIZER_RMSPROP)
    bad("unknown optimizer kind " + std::to_string(optimizer.kind));
  if (!(optimizer.learning_rate > 0.0) || !std::isfinite(optimizer.learning_rate))
    bad("the learning rate must be positive and finite");
  const bool adam = optimizer.kind == CNN_OPTIMIZER_ADAM;
  if (adam && !(optimizer.beta_1 >= 0.0 && optimizer.beta_1 < 1.0 && optimizer.beta_2 >= 0.0 &&
                optimizer.beta_2 < 1.0))
    bad("Adam's beta_1 and beta_2 must lie in [0, 1)");
  if (optimizer.kind == CNN_OPTIMIZER_RMSPROP && !(optimizer.rho >= 0.0 && optimizer.rho < 1.0))
    bad("RMSprop's rho must lie in [0, 1)");
}

void checkTemps(const cnn_train_desc &program) {
  if (program.num_temps < 0 || (program.num_temps > 0 && !program.temps))
    bad("invalid temps");
  for (int t = 0; t < program.num_temps; ++t) {
    const cnn_temp_desc &temp = program.temps[t];
    const std::string where = "temp " + std::to_string(t);
    if (!temp.name || temp.rank < 1 || temp.rank > CNN_MAX_RANK || temp.shape[0] != -1)
      bad(where + " has no name or an invalid shape");
    for (int d = 1; d < temp.rank; ++d)
      if (temp.shape[d] <= 0)
        bad(where + " ('" + temp.name + "') has an invalid shape");
    if (temp.alias < -1 || temp.alias >= program.num_temps || temp.alias == t)
      bad(where + " ('" + temp.name + "') aliases temp " + std::to_string(temp.alias) +
          ", which does not exist");
  }
}

void checkRef(const cnn_model &model, const cnn_step_desc &step, int slot,
              const std::string &where) {
  const cnn_buffer_ref &ref = step.args[slot];
  const std::string what = where + " argument " + std::to_string(slot);
  if (ref.index < 0 || ref.index >= refLimit(model, ref.kind))
    bad(what + " names buffer " + std::to_string(ref.index) + " of kind " +
        std::to_string(ref.kind) + ", which does not exist");
  if (ref.kind == CNN_BUFFER_SLOT1 && model.desc().train->optimizer.kind == CNN_OPTIMIZER_SGD)
    bad(what + " uses a second optimizer slot, which SGD does not have");
  const bool output = slot >= step.num_inputs;
  if (output && (ref.kind == CNN_BUFFER_INPUT || ref.kind == CNN_BUFFER_LABELS ||
                 ref.kind == CNN_BUFFER_TARGETS))
    bad(what + " writes the model input, the labels or the targets");
  // Updates see no batch; the forward and backward passes leave parameters and slots alone.
  if (step.phase == CNN_PHASE_UPDATE
          ? isBatched(ref.kind)
          : isOptimizerSlot(ref.kind) || (output && ref.kind == CNN_BUFFER_PARAM))
    bad(what + " uses a buffer of kind " + std::to_string(ref.kind) + ", which its phase may not");
}

void checkView(const cnn_model &model, const cnn_step_desc &step, const std::string &where) {
  const cnn_buffer_ref &in = step.args[0], &out = step.args[1];
  if (step.num_inputs != 1 || step.num_outputs != 1 || step.scalar != CNN_SCALAR_NONE ||
      (in.kind != CNN_BUFFER_INPUT && in.kind != CNN_BUFFER_TEMP) || out.kind != CNN_BUFFER_TEMP ||
      in.flat || out.flat)
    bad(where + " has no kernel but is not a view of one activation as one temp");
  const int alias = model.desc().train->temps[out.index].alias;
  if (alias != -1 && !(in.kind == CNN_BUFFER_TEMP && alias == in.index))
    bad(where + " is a view whose output aliases another temp than its input");
  const RefShape from = refShape(model, in), to = refShape(model, out);
  if (elementCount(from.shape + 1, from.rank - 1) != elementCount(to.shape + 1, to.rank - 1))
    bad(where + " is a view that changes the number of elements");
}

// Each loss names a distinct output, in order, and the temp that holds it in training.
void checkLosses(const cnn_model &model, const cnn_train_desc &program) {
  if (program.num_losses < 1 || !program.losses)
    bad("it has no loss");
  for (int l = 0; l < program.num_losses; ++l) {
    const cnn_loss_desc &loss = program.losses[l];
    const std::string where = "loss " + std::to_string(l);
    if (loss.output < 0 || loss.output >= model.desc().num_outputs ||
        (l > 0 && loss.output <= program.losses[l - 1].output))
      bad(where + " names output " + std::to_string(loss.output) +
          ", which does not exist or comes out of order");
    if (loss.kind < CNN_LOSS_CROSSENTROPY || loss.kind > CNN_LOSS_MAE)
      bad(where + " has an unknown kind " + std::to_string(loss.kind));
    if (!(loss.weight >= 0.0) || !std::isfinite(loss.weight))
      bad(where + " has a loss weight that is negative or not finite");
    const cnn_buffer_ref &predictions = loss.predictions;
    if (predictions.kind != CNN_BUFFER_TEMP || predictions.index < 0 ||
        predictions.index >= program.num_temps)
      bad(where + " takes its predictions from no temp");
    const cnn_temp_desc &temp = program.temps[predictions.index];
    const cnn_layer_desc &layer = model.desc().layers[model.desc().outputs[loss.output]];
    if (temp.rank != layer.rank || elementCount(temp.shape + 1, temp.rank - 1) !=
                                       elementCount(layer.shape + 1, layer.rank - 1))
      bad(where + " takes its predictions from a temp of another shape than its output's");
    if (loss.kind == CNN_LOSS_CROSSENTROPY && temp.rank != 2)
      bad(where + " is a cross-entropy of predictions that are not (None, classes)");
  }
}

void checkStep(const cnn_model &model, int index, int previousPhase) {
  const cnn_step_desc &step = model.desc().train->steps[index];
  const std::string where =
      "step " + std::to_string(index) + (step.name ? " ('" + std::string(step.name) + "')" : "");
  if (!step.name)
    bad(where + " has no name");
  if (step.phase < previousPhase || step.phase > CNN_PHASE_UPDATE)
    bad(where + " has phase " + std::to_string(step.phase) + " out of order");
  if (step.num_inputs < 0 || step.num_outputs < 1 ||
      step.num_inputs + step.num_outputs > CNN_MAX_STEP_ARGS)
    bad(where + " has an invalid number of arguments");
  if (step.scalar < CNN_SCALAR_NONE || step.scalar > CNN_SCALAR_STEP_SIZE)
    bad(where + " has an unknown scalar kind " + std::to_string(step.scalar));
  for (int slot = 0; slot < step.num_inputs + step.num_outputs; ++slot)
    checkRef(model, step, slot, where);
  if (!step.kernel)
    checkView(model, step, where);
}

} // namespace

RefShape refShape(const cnn_model &model, const cnn_buffer_ref &ref) {
  switch (ref.kind) {
  case CNN_BUFFER_INPUT: {
    const cnn_layer_desc &layer = model.desc().layers[model.desc().inputs[ref.index]];
    return {layer.shape, layer.rank};
  }
  case CNN_BUFFER_TEMP: {
    const cnn_temp_desc &temp = model.desc().train->temps[ref.index];
    return {temp.shape, temp.rank};
  }
  case CNN_BUFFER_TARGETS: {
    const cnn_layer_desc &layer = model.desc().layers[model.desc().outputs[ref.index]];
    return {layer.shape, layer.rank};
  }
  default: {
    const cnn_param_desc &param = *model.params()[ref.index].desc;
    return {param.shape, param.rank};
  }
  }
}

const cnn_train_desc &checkTrainProgram(const cnn_model &model) {
  const cnn_train_desc &program = *model.desc().train;
  checkOptimizer(program.optimizer);
  checkTemps(program);
  if (program.num_steps < 1 || !program.steps)
    bad("it has no steps");
  for (int s = 0; s < program.num_steps; ++s)
    checkStep(model, s, s == 0 ? CNN_PHASE_FORWARD : program.steps[s - 1].phase);
  checkLosses(model, program);
  return program;
}

} // namespace cnnrt
