// Writing and reading checkpoints, checked against the model before anything is changed.
#include "Checkpoint.h"

#include "Errors.h"
#include "Safetensors.h"
#include "Trainer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace cnnrt {
namespace {

const char kFormat[] = "cnnc-checkpoint";
const char kVersion[] = "1";

std::string exactDecimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

class Reader {
public:
  explicit Reader(const safetensors::File &file) : file_(file) {}

  [[noreturn]] void fail(const std::string &message) const {
    throw Error(CNN_ERROR_FORMAT, "checkpoint " + file_.path + ": " + message);
  }
  const std::string &text(const char *key) const {
    const auto found = file_.metadata.find(key);
    if (found == file_.metadata.end())
      fail(std::string("the metadata has no '") + key + "'");
    return found->second;
  }
  int64_t integer(const char *key, int64_t minimum) const {
    const std::string &value = text(key);
    char *end = nullptr;
    errno = 0;
    const long long number = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end || errno || number < minimum)
      fail(std::string("metadata '") + key + "' is not an integer of at least " +
           std::to_string(minimum) + ": '" + value + "'");
    return number;
  }
  uint64_t unsignedInteger(const char *key) const {
    const std::string &value = text(key);
    char *end = nullptr;
    errno = 0;
    const unsigned long long number = std::strtoull(value.c_str(), &end, 10);
    if (value.empty() || value[0] == '-' || *end || errno)
      fail(std::string("metadata '") + key + "' is not an unsigned integer: '" + value + "'");
    return number;
  }
  double real(const char *key) const {
    const std::string &value = text(key);
    char *end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (value.empty() || *end)
      fail(std::string("metadata '") + key + "' is not a number: '" + value + "'");
    return number;
  }

private:
  const safetensors::File &file_;
};

} // namespace

void saveCheckpoint(const std::string &path, cnn_model &model, const TrainingProgress &progress) {
  Trainer &trainer = model.trainer();
  std::vector<safetensors::TensorRef> tensors = model.paramTensors();
  for (const Trainer::StateTensor &state : trainer.optimizerState())
    tensors.push_back(
        {state.name,
         std::vector<int64_t>(state.param->shape, state.param->shape + state.param->rank),
         state.data->data()});
  const safetensors::Metadata metadata = {
      {"format", kFormat},
      {"version", kVersion},
      {"model", model.desc().name},
      {"epoch", std::to_string(progress.epoch)},
      {"optimizer", trainer.optimizerName()},
      {"optimizer_steps", std::to_string(trainer.optimizerSteps())},
      {"learning_rate", exactDecimal(trainer.learningRate())},
      {"best_val_loss", exactDecimal(progress.bestValLoss)},
      {"seed", std::to_string(progress.seed)},
      {"history", historyCsv(trainer.metrics().names(), progress.history)}};
  safetensors::write(path, tensors, metadata);
}

TrainingProgress loadCheckpoint(const std::string &path, cnn_model &model) {
  Trainer &trainer = model.trainer();
  const safetensors::File file = safetensors::read(path);
  const Reader reader(file);
  const auto format = file.metadata.find("format");
  if (format == file.metadata.end() || format->second != kFormat)
    reader.fail("it holds weights but no training state (it was not written by fit's "
                "checkpoint option)");
  if (reader.text("version") != kVersion)
    reader.fail("version " + reader.text("version") + " is not supported (only " + kVersion + ")");
  if (reader.text("model") != model.desc().name)
    reader.fail("it belongs to model '" + reader.text("model") + "', not '" + model.desc().name +
                "'");
  if (reader.text("optimizer") != trainer.optimizerName())
    reader.fail("it holds the state of optimizer '" + reader.text("optimizer") +
                "', the model trains with '" + trainer.optimizerName() + "'");

  TrainingProgress progress;
  progress.epoch = static_cast<int>(reader.integer("epoch", 1));
  const int64_t steps = reader.integer("optimizer_steps", 0);
  progress.bestValLoss = reader.real("best_val_loss");
  progress.seed = reader.unsignedInteger("seed");
  progress.history =
      parseHistoryCsv(reader.text("history"), trainer.metrics().names(), "checkpoint " + path);
  if (progress.history.size() != static_cast<size_t>(progress.epoch))
    reader.fail("its history has " + std::to_string(progress.history.size()) + " rows for epoch " +
                std::to_string(progress.epoch));

  // Everything is read and checked before the model changes.
  std::vector<std::vector<float>> params = model.paramsFrom(file);
  std::vector<Trainer::StateTensor> state = trainer.optimizerState();
  std::vector<std::vector<float>> slots;
  for (const Trainer::StateTensor &tensor : state)
    slots.push_back(floatTensor(file, tensor.name, tensor.param->shape, tensor.param->rank));
  for (const safetensors::TensorEntry &tensor : file.tensors)
    if (isOptimizerTensor(tensor.name) &&
        std::none_of(state.begin(), state.end(),
                     [&](const Trainer::StateTensor &known) { return known.name == tensor.name; }))
      reader.fail("tensor '" + tensor.name + "' is not part of the optimizer's state");

  for (size_t p = 0; p < params.size(); ++p)
    model.params()[p].data.swap(params[p]);
  for (size_t s = 0; s < slots.size(); ++s)
    state[s].data->swap(slots[s]);
  trainer.setOptimizerSteps(steps);
  return progress;
}

} // namespace cnnrt
