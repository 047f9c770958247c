// The forward pass: activation buffers, halide_buffer_t descriptions and kernel calls.
#include "Model.h"

#include "Errors.h"
#include "Kernel.h"

#include <cstring>

void cnn_model::checkInputs(const float *const *inputs, const std::string &what) const {
  if (!inputs)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the " + what + " array is null");
  for (int i = 0; i < desc_.num_inputs; ++i)
    if (!inputs[i])
      throw cnnrt::Error(CNN_ERROR_ARGUMENT, what + " " + std::to_string(i + 1) + " ('" +
                                                 desc_.layers[desc_.inputs[i]].name + "') is null");
}

std::string cnn_model::describeOutput(int output) const {
  return "output " + std::to_string(output + 1) + " of " + std::to_string(desc_.num_outputs) +
         " ('" + desc_.layers[desc_.outputs[output]].name + "')";
}

std::vector<const float *> cnn_model::inputsFrom(const float *const *inputs, int64_t first) const {
  std::vector<const float *> pointers;
  for (int i = 0; i < desc_.num_inputs; ++i)
    pointers.push_back(inputs[i] + first * sampleSize(desc_.inputs[i]));
  return pointers;
}

void cnn_model::checkBatch(int64_t batch, const float *const *inputs) const {
  if (batch < 1)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                       "the batch size must be at least 1, got " + std::to_string(batch));
  checkInputs(inputs, "input");
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
  // A fused kernel takes the inputs and parameters of the chain's first layer.
  const int from = layer.fused_kernel ? layer.fused_from : l;
  const cnn_layer_desc &first = desc_.layers[from];
  cnnrt::KernelArgs args;
  for (int s = 0; s < first.num_inputs; ++s) {
    const cnn_layer_desc &input = desc_.layers[first.inputs[s]];
    args.add(memory[first.inputs[s]], input.shape, input.rank, batch);
  }
  for (int p = 0; p < first.num_params; ++p)
    args.add(params_[firstParam_[from] + p].data.data(), first.params[p].shape,
             first.params[p].rank, batch);
  args.add(memory[l], layer.shape, layer.rank, batch);

  cnnrt::runKernel(layer.fused_kernel ? layer.fused_kernel : layer.kernel, args,
                   std::string("layer '") + layer.name + "'", profile_.layerEntry(l), batch);
}

std::vector<float *> cnn_model::run(int64_t batch, const float *const *inputs,
                                    const std::vector<int> &targets) {
  prepareActivations(batch);

  // Layers are in topological order, so one backward sweep finds everything the targets need.
  // A fused layer needs the inputs of its chain's first layer, not the layers in between.
  std::vector<char> needed(desc_.num_layers, 0);
  for (int target : targets)
    needed[target] = 1;
  for (int l = desc_.num_layers - 1; l >= 0; --l) {
    const cnn_layer_desc &reads =
        desc_.layers[desc_.layers[l].fused_kernel ? desc_.layers[l].fused_from : l];
    for (int s = 0; needed[l] && s < reads.num_inputs; ++s)
      needed[reads.inputs[s]] = 1;
  }

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
  checkBatch(batch, inputs); // first: an empty batch's outputs are null pointers too
  if (!outputs)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the output array is null");
  for (int o = 0; o < desc_.num_outputs; ++o)
    if (!outputs[o])
      throw cnnrt::Error(CNN_ERROR_ARGUMENT, "output " + std::to_string(o) + " is null");
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
  checkBatch(batch, inputs);
  if (!data)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the output array is null");
  if (count != static_cast<size_t>(batch * sampleSize(l)))
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "layer '" + std::string(layerName) + "' outputs " +
                                               std::to_string(batch * sampleSize(l)) +
                                               " floats for batch " + std::to_string(batch) +
                                               ", the caller gave room for " +
                                               std::to_string(count));
  const std::vector<float *> memory = run(batch, inputs, {l});
  std::memcpy(data, memory[l], count * sizeof(float));
}
