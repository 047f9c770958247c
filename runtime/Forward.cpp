// The forward pass: activation buffers, halide_buffer_t descriptions and kernel calls.
#include "Model.h"

#include "Errors.h"
#include "Kernel.h"

#include <cstring>

void cnn_model::checkBatch(int64_t batch, const float *const *inputs) const {
  if (batch < 1)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                       "the batch size must be at least 1, got " + std::to_string(batch));
  if (!inputs)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the input array is null");
  for (int i = 0; i < desc_.num_inputs; ++i)
    if (!inputs[i])
      throw cnnrt::Error(CNN_ERROR_ARGUMENT, std::string("input ") + std::to_string(i) + " ('" +
                                                 desc_.layers[desc_.inputs[i]].name + "') is null");
  for (int l = 0; l < desc_.num_layers; ++l)
    cnnrt::checkBatchFits(batch, sampleSize(l),
                          std::string("layer '") + desc_.layers[l].name + "'");
}

void cnn_model::prepareActivations(int64_t batch) {
  if (batch == activationBatch_)
    return;
  activationBatch_ = 0;
  for (int l = 0; l < desc_.num_layers; ++l) {
    std::vector<float> &buffer = activations_[l];
    buffer.clear();
    buffer.shrink_to_fit();
    if (desc_.layers[l].kernel)
      buffer.resize(static_cast<size_t>(batch * sampleSize(l)));
  }
  activationBatch_ = batch;
}

void cnn_model::callKernel(int l, int64_t batch, const std::vector<float *> &memory) {
  const cnn_layer_desc &layer = desc_.layers[l];
  cnnrt::KernelArgs args;
  for (int s = 0; s < layer.num_inputs; ++s) {
    const cnn_layer_desc &input = desc_.layers[layer.inputs[s]];
    args.add(memory[layer.inputs[s]], input.shape, input.rank, batch);
  }
  for (int p = 0; p < layer.num_params; ++p)
    args.add(params_[firstParam_[l] + p].data.data(), layer.params[p].shape, layer.params[p].rank,
             batch);
  args.add(memory[l], layer.shape, layer.rank, batch);

  cnnrt::runKernel(layer.kernel, args, std::string("layer '") + layer.name + "'",
                   profile_.layerEntry(l), batch);
}

std::vector<float *> cnn_model::run(int64_t batch, const float *const *inputs,
                                    const std::vector<int> &targets) {
  prepareActivations(batch);

  // Layers are in topological order, so one backward sweep finds everything the targets need.
  std::vector<char> needed(desc_.num_layers, 0);
  for (int target : targets)
    needed[target] = 1;
  for (int l = desc_.num_layers - 1; l >= 0; --l)
    for (int s = 0; needed[l] && s < desc_.layers[l].num_inputs; ++s)
      needed[desc_.layers[l].inputs[s]] = 1;

  std::vector<float *> memory(desc_.num_layers, nullptr);
  for (int l = 0; l < desc_.num_layers; ++l) {
    if (!needed[l])
      continue;
    const cnn_layer_desc &layer = desc_.layers[l];
    if (layer.kernel) {
      memory[l] = activations_[l].data();
      callKernel(l, batch, memory);
    } else if (inputSlot_[l] >= 0) {
      // Kernels never write their inputs, so the caller's array is used in place.
      memory[l] = const_cast<float *>(inputs[inputSlot_[l]]);
    } else {
      memory[l] = memory[layer.inputs[0]];
    }
  }
  return memory;
}

void cnn_model::forward(int64_t batch, const float *const *inputs, float *const *outputs) {
  if (!outputs)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the output array is null");
  for (int o = 0; o < desc_.num_outputs; ++o)
    if (!outputs[o])
      throw cnnrt::Error(CNN_ERROR_ARGUMENT, "output " + std::to_string(o) + " is null");
  checkBatch(batch, inputs);
  const std::vector<int> targets(desc_.outputs, desc_.outputs + desc_.num_outputs);
  const std::vector<float *> memory = run(batch, inputs, targets);
  for (int o = 0; o < desc_.num_outputs; ++o) {
    const int l = desc_.outputs[o];
    std::memcpy(outputs[o], memory[l], static_cast<size_t>(batch * sampleSize(l)) * sizeof(float));
  }
}

void cnn_model::layerOutput(const char *layerName, int64_t batch, const float *const *inputs,
                            float *data, size_t count) {
  const int l = findLayer(layerName);
  if (l < 0)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, std::string("the model has no layer '") +
                                               (layerName ? layerName : "(null)") + "'");
  if (!data)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the output array is null");
  checkBatch(batch, inputs);
  if (count != static_cast<size_t>(batch * sampleSize(l)))
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "layer '" + std::string(layerName) + "' outputs " +
                                               std::to_string(batch * sampleSize(l)) +
                                               " floats for batch " + std::to_string(batch) +
                                               ", the caller gave room for " +
                                               std::to_string(count));
  const std::vector<float *> memory = run(batch, inputs, {l});
  std::memcpy(data, memory[l], count * sizeof(float));
}
