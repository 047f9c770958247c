// Allocating and sharing the temps of a training program for a batch.
#include "TrainBuffers.h"

#include "Errors.h"
#include "Kernel.h"
#include "Model.h"

namespace cnnrt {
namespace {

[[noreturn]] void bad(const cnn_temp_desc &temp, const std::string &message) {
  throw Error(CNN_ERROR_FORMAT, "model descriptor: training program: temp '" +
                                    std::string(temp.name) + "' " + message);
}

int64_t sampleSize(const cnn_temp_desc &temp) {
  return elementCount(temp.shape + 1, temp.rank - 1);
}

} // namespace

TrainBuffers::TrainBuffers(const cnn_train_desc &program)
    : program_(program), viewInput_(program.num_temps, nullptr), aliasOf_(program.num_temps),
      storage_(program.num_temps), memory_(program.num_temps) {
  for (int s = 0; s < program.num_steps; ++s) {
    const cnn_step_desc &step = program.steps[s];
    if (step.kernel)
      continue;
    const int out = step.args[1].index;
    if (viewInput_[out])
      bad(program.temps[out], "is the output of two views");
    viewInput_[out] = &step.args[0];
  }
  for (int t = 0; t < program.num_temps; ++t) {
    const cnn_temp_desc &temp = program.temps[t];
    aliasOf_[t] = {CNN_BUFFER_TEMP, temp.alias, 0};
    if (temp.alias >= 0 && sampleSize(temp) != sampleSize(program.temps[temp.alias]))
      bad(temp, "aliases a temp of another size");
  }
  // Every chain of views and aliases must end at memory of its own within num_temps links.
  for (int t = 0; t < program.num_temps; ++t) {
    int links = 0;
    for (const cnn_buffer_ref *next = source(t); next && next->kind == CNN_BUFFER_TEMP;
         next = source(next->index))
      if (++links > program.num_temps)
        bad(program.temps[t], "shares memory in a circle");
  }
}

const cnn_buffer_ref *TrainBuffers::source(int t) const {
  if (viewInput_[t])
    return viewInput_[t];
  return program_.temps[t].alias >= 0 ? &aliasOf_[t] : nullptr;
}

float *TrainBuffers::resolve(int t, const float *const *inputs) {
  const cnn_buffer_ref *from = source(t);
  if (!from)
    return storage_[t].data();
  // Kernels never write a model input, so its array is viewed in place.
  if (from->kind == CNN_BUFFER_INPUT)
    return const_cast<float *>(inputs[from->index]);
  return resolve(from->index, inputs);
}

void TrainBuffers::bind(int64_t batch, const float *const *inputs) {
  for (int t = 0; t < program_.num_temps; ++t)
    checkBatchFits(batch, sampleSize(program_.temps[t]),
                   "training buffer '" + std::string(program_.temps[t].name) + "'");
  if (batch > capacity_) {
    for (int t = 0; t < program_.num_temps; ++t) {
      storage_[t].clear();
      storage_[t].shrink_to_fit();
      if (!source(t))
        storage_[t].resize(static_cast<size_t>(batch * sampleSize(program_.temps[t])));
    }
    capacity_ = batch;
  }
  for (int t = 0; t < program_.num_temps; ++t)
    memory_[t] = resolve(t, inputs);
}

} // namespace cnnrt
