// The descriptor builders of the test models.
#include "DescriptorBuilders.h"

cnn_param_desc param(const char *name, const std::vector<int64_t> &shape, int64_t fanIn,
                     int64_t fanOut) {
  cnn_param_desc desc = {};
  desc.name = name;
  desc.rank = static_cast<int>(shape.size());
  for (size_t d = 0; d < shape.size(); ++d)
    desc.shape[d] = shape[d];
  desc.fan_in = fanIn;
  desc.fan_out = fanOut;
  return desc;
}

cnn_layer_desc layer(const char *name, const char *type, const std::vector<int> &inputs,
                     const std::vector<int64_t> &shape, const std::vector<cnn_param_desc> &params,
                     cnn_kernel_fn kernel) {
  cnn_layer_desc desc = {};
  desc.name = name;
  desc.type = type;
  desc.num_inputs = static_cast<int>(inputs.size());
  for (size_t s = 0; s < inputs.size(); ++s)
    desc.inputs[s] = inputs[s];
  desc.rank = static_cast<int>(shape.size());
  for (size_t d = 0; d < shape.size(); ++d)
    desc.shape[d] = shape[d];
  desc.num_params = static_cast<int>(params.size());
  for (size_t p = 0; p < params.size(); ++p)
    desc.params[p] = params[p];
  desc.kernel = kernel;
  desc.fused_from = -1;
  return desc;
}

ModelStorage::ModelStorage(const char *name, int functional, std::vector<cnn_layer_desc> layerList,
                           std::vector<int> inputList, std::vector<int> outputList,
                           const cnn_train_desc *train)
    : layers(std::move(layerList)), inputs(std::move(inputList)), outputs(std::move(outputList)) {
  desc = {CNN_ABI_VERSION, name,
          functional,      static_cast<int>(layers.size()),
          layers.data(),   static_cast<int>(inputs.size()),
          inputs.data(),   static_cast<int>(outputs.size()),
          outputs.data(),  train,
          nullptr,         0,
          nullptr};
}
