// cnn_model: checking the descriptor, looking up layers and parameters.
#include "Model.h"

#include "Errors.h"
#include "Trainer.h"

#include <cstring>
#include <set>

namespace cnnrt {

std::string formatShape(const int64_t *shape, int rank) {
  std::string text = "(";
  for (int d = 0; d < rank; ++d) {
    if (d > 0)
      text += ", ";
    text += shape[d] < 0 ? "None" : std::to_string(shape[d]);
  }
  return text + (rank == 1 ? ",)" : ")");
}

int64_t elementCount(const int64_t *shape, int rank) {
  int64_t count = 1;
  for (int d = 0; d < rank; ++d)
    count *= shape[d];
  return count;
}

} // namespace cnnrt

namespace {

[[noreturn]] void badDescriptor(const std::string &message) {
  throw cnnrt::Error(CNN_ERROR_FORMAT, "model descriptor: " + message);
}

std::string describeLayer(const cnn_layer_desc &layer, int index) {
  return "layer " + std::to_string(index) + " ('" + (layer.name ? layer.name : "?") + "')";
}

bool validShape(const int64_t *shape, int rank, int first) {
  if (rank < 1 || rank > CNN_MAX_RANK)
    return false;
  for (int d = first; d < rank; ++d)
    if (shape[d] <= 0)
      return false;
  return true;
}

} // namespace

cnn_model::cnn_model(const cnn_model_desc &desc) : desc_(desc) {
  checkDescriptor();
  inputSlot_.assign(desc_.num_layers, -1);
  for (int i = 0; i < desc_.num_inputs; ++i)
    inputSlot_[desc_.inputs[i]] = i;
  for (int l = 0; l < desc_.num_layers; ++l) {
    const cnn_layer_desc &layer = desc_.layers[l];
    firstParam_.push_back(static_cast<int>(params_.size()));
    for (int p = 0; p < layer.num_params; ++p) {
      const cnn_param_desc &param = layer.params[p];
      params_.push_back({&param, std::vector<float>(static_cast<size_t>(
                                     cnnrt::elementCount(param.shape, param.rank)))});
    }
  }
  activations_.resize(desc_.num_layers);
  if (desc_.train)
    trainer_ = std::make_unique<cnnrt::Trainer>(*this);
  profile_ = cnnrt::Profile(desc_); // after the Trainer has checked the training program
  cnnrt::installHalideErrorHandler();
  if (desc_.weights)
    loadEmbeddedWeights();
}

cnn_model::~cnn_model() = default;

cnnrt::Trainer &cnn_model::trainer() {
  return const_cast<cnnrt::Trainer &>(static_cast<const cnn_model &>(*this).trainer());
}

const cnnrt::Trainer &cnn_model::trainer() const {
  if (!trainer_)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, std::string("model '") + desc_.name +
                                               "' cannot train: this library was compiled with "
                                               "--inference-only");
  return *trainer_;
}

void cnn_model::checkDescriptor() const {
  // Nothing past abi_version can be read from a model of another ABI.
  if (desc_.abi_version != CNN_ABI_VERSION)
    throw cnnrt::Error(CNN_ERROR_FORMAT, "the model was compiled for cnnc runtime ABI " +
                                             std::to_string(desc_.abi_version) +
                                             ", this runtime (libcnnrt) has ABI " +
                                             std::to_string(CNN_ABI_VERSION) +
                                             ": recompile the model with the cnnc of this runtime");
  if (!desc_.name || desc_.num_layers < 1 || !desc_.layers)
    badDescriptor("it has no name or no layers");
  if (desc_.num_inputs < 1 || !desc_.inputs || desc_.num_outputs < 1 || !desc_.outputs)
    badDescriptor("it has no inputs or no outputs");
  if ((desc_.weights == nullptr) != (desc_.weights_size == 0))
    badDescriptor("its embedded weights have no data or no size");
  std::set<std::string> layerNames, paramNames;
  for (int l = 0; l < desc_.num_layers; ++l) {
    const cnn_layer_desc &layer = desc_.layers[l];
    const std::string where = describeLayer(layer, l);
    if (!layer.name || !layer.type)
      badDescriptor(where + " has no name or type");
    if (!layerNames.insert(layer.name).second)
      badDescriptor(where + " repeats a layer name");
    if (!validShape(layer.shape, layer.rank, 1) || layer.shape[0] != -1)
      badDescriptor(where + " has an invalid output shape");
    if (layer.num_inputs < 0 || layer.num_inputs > CNN_MAX_LAYER_INPUTS)
      badDescriptor(where + " has an invalid number of inputs");
    for (int s = 0; s < layer.num_inputs; ++s)
      if (layer.inputs[s] < 0 || layer.inputs[s] >= l)
        badDescriptor(where + " reads layer " + std::to_string(layer.inputs[s]) +
                      ", which does not come before it");
    if (layer.num_params < 0 || layer.num_params > CNN_MAX_LAYER_PARAMS)
      badDescriptor(where + " has an invalid number of parameters");
    for (int p = 0; p < layer.num_params; ++p) {
      const cnn_param_desc &param = layer.params[p];
      if (!param.name || !paramNames.insert(param.name).second)
        badDescriptor(where + " has an unnamed or repeated parameter");
      if (!validShape(param.shape, param.rank, 0) || param.fan_in < 0 || param.fan_out < 0)
        badDescriptor(where + " has an invalid shape or fan for parameter '" + param.name + "'");
    }
    if (layer.fused_kernel && (layer.fused_from < 0 || layer.fused_from >= l))
      badDescriptor(where + " is fused from layer " + std::to_string(layer.fused_from) +
                    ", which does not come before it");
    const bool isInput = std::strcmp(layer.type, "InputLayer") == 0;
    if (isInput && (layer.kernel || layer.num_inputs != 0))
      badDescriptor(where + " is an InputLayer with a kernel or inputs");
    if (!isInput && !layer.kernel &&
        (layer.num_inputs < 1 || sampleSize(l) != sampleSize(layer.inputs[0])))
      badDescriptor(where + " has no kernel but does not reshape its first input");
  }
  std::set<int> inputLayers;
  for (int i = 0; i < desc_.num_inputs; ++i) {
    const int l = desc_.inputs[i];
    if (l < 0 || l >= desc_.num_layers || std::strcmp(desc_.layers[l].type, "InputLayer") != 0)
      badDescriptor("model input " + std::to_string(i) + " is not an InputLayer");
    inputLayers.insert(l);
  }
  for (int l = 0; l < desc_.num_layers; ++l)
    if (std::strcmp(desc_.layers[l].type, "InputLayer") == 0 && !inputLayers.count(l))
      badDescriptor(describeLayer(desc_.layers[l], l) + " is not among the model inputs");
  for (int o = 0; o < desc_.num_outputs; ++o)
    if (desc_.outputs[o] < 0 || desc_.outputs[o] >= desc_.num_layers)
      badDescriptor("model output " + std::to_string(o) + " is not a layer");
}

const cnn_layer_desc &cnn_model::layer(int index) const {
  if (index < 0 || index >= desc_.num_layers)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "layer index " + std::to_string(index) +
                                               " is out of range (the model has " +
                                               std::to_string(desc_.num_layers) + " layers)");
  return desc_.layers[index];
}

int cnn_model::findLayer(const char *name) const {
  for (int l = 0; name && l < desc_.num_layers; ++l)
    if (std::strcmp(desc_.layers[l].name, name) == 0)
      return l;
  return -1;
}

int64_t cnn_model::layerParamCount(int index) const {
  const cnn_layer_desc &desc = layer(index);
  int64_t count = 0;
  for (int p = 0; p < desc.num_params; ++p)
    count += cnnrt::elementCount(desc.params[p].shape, desc.params[p].rank);
  return count;
}

int64_t cnn_model::sampleSize(int index) const {
  const cnn_layer_desc &desc = layer(index);
  return cnnrt::elementCount(desc.shape + 1, desc.rank - 1);
}

int cnn_model::findParam(const char *name) const {
  for (size_t p = 0; name && p < params_.size(); ++p)
    if (std::strcmp(params_[p].desc->name, name) == 0)
      return static_cast<int>(p);
  return -1;
}

int cnn_model::paramIndex(const char *name) const {
  const int index = findParam(name);
  if (index >= 0)
    return index;
  throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                     std::string("the model has no parameter '") + (name ? name : "(null)") + "'");
}

std::vector<float> &cnn_model::paramData(const char *name) {
  return params_[paramIndex(name)].data;
}
