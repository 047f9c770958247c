// Reading the trained kernels and biases of a Keras file into Keras-layout float tensors.
#include "KerasWeights.h"

namespace cnnc::keras {

namespace {

/// Where the file keeps a layer's `index`-th weight (0: kernel, 1: bias).
std::string weightPath(const KerasFile &file, const std::string &layer, size_t index) {
  if (file.format == Format::Keras3)
    return "layers/" + layer + "/vars/" + std::to_string(index);
  // Keras 2 lists the layer's weights in the attribute weight_names of its group.
  std::string group = "model_weights/" + layer;
  std::vector<std::string> names =
      file.weights->stringListAttribute(group, "weight_names").value_or(std::vector<std::string>{});
  if (index < names.size())
    return group + "/" + names[index];
  return group + "/" + layer + (index == 0 ? "/kernel:0" : "/bias:0");
}

} // namespace

std::vector<WeightTensor> readWeights(const KerasFile &file, const Model &model) {
  std::vector<WeightTensor> weights;
  for (const Layer &layer : model.layers) {
    if (layer.kind != LayerKind::Conv2D && layer.kind != LayerKind::Dense)
      continue;
    std::vector<const char *> kinds = {"kernel"};
    if (layer.useBias)
      kinds.push_back("bias");
    for (size_t index = 0; index < kinds.size(); ++index) {
      std::string name = layer.name + "." + kinds[index];
      std::string path = weightPath(file, layer.name, index);
      std::optional<FloatArray> array = file.weights->readFloats(path, "weight '" + name + "'");
      if (!array)
        throw ImportError("no weights for layer '" + layer.name + "' (expected " + path + ")");
      weights.push_back({name, std::move(array->shape), std::move(array->data)});
    }
  }
  return weights;
}

} // namespace cnnc::keras
