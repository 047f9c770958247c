// Loading and saving a model's parameters as safetensors, checked against the model.
#include "Model.h"

#include "Errors.h"
#include "Safetensors.h"

#include <cstring>

namespace {

cnnrt::Error mismatch(const std::string &path, const std::string &message) {
  return cnnrt::Error(CNN_ERROR_FORMAT, "weights file " + path + ": " + message);
}

} // namespace

namespace cnnrt {

bool isOptimizerTensor(const std::string &name) {
  return name.rfind(kOptimizerTensorPrefix, 0) == 0;
}

std::vector<float> floatTensor(const safetensors::File &file, const std::string &name,
                               const int64_t *shape, int rank) {
  const safetensors::TensorEntry *tensor = file.find(name);
  if (!tensor)
    throw Error(CNN_ERROR_FORMAT, "weights file " + file.path + " has no tensor '" + name + "'");
  if (tensor->dtype != "F32")
    throw mismatch(file.path,
                   "tensor '" + name + "' has dtype " + tensor->dtype + ", the model needs F32");
  if (tensor->shape != std::vector<int64_t>(shape, shape + rank))
    throw mismatch(file.path,
                   "tensor '" + name + "' has shape " +
                       formatShape(tensor->shape.data(), static_cast<int>(tensor->shape.size())) +
                       ", the model expects " + formatShape(shape, rank));
  std::vector<float> values(static_cast<size_t>(elementCount(shape, rank)));
  const size_t bytes = values.size() * sizeof(float);
  if (tensor->end - tensor->begin != bytes)
    throw mismatch(file.path, "tensor '" + name + "' has " +
                                  std::to_string(tensor->end - tensor->begin) +
                                  " bytes of data, its shape needs " + std::to_string(bytes));
  std::memcpy(values.data(), file.data.data() + tensor->begin, bytes);
  return values;
}

} // namespace cnnrt

std::vector<std::vector<float>> cnn_model::paramsFrom(const cnnrt::safetensors::File &file) const {
  for (const cnnrt::safetensors::TensorEntry &tensor : file.tensors)
    if (findParam(tensor.name.c_str()) < 0 && !cnnrt::isOptimizerTensor(tensor.name))
      throw mismatch(file.path, "tensor '" + tensor.name + "' is not a parameter of model '" +
                                    desc_.name + "'");
  std::vector<std::vector<float>> loaded;
  for (const Param &param : params_)
    loaded.push_back(
        cnnrt::floatTensor(file, param.desc->name, param.desc->shape, param.desc->rank));
  return loaded;
}

void cnn_model::loadParams(const cnnrt::safetensors::File &file) {
  // Everything is checked and copied aside first, so a failed load changes nothing.
  std::vector<std::vector<float>> loaded = paramsFrom(file);
  for (size_t p = 0; p < params_.size(); ++p)
    params_[p].data.swap(loaded[p]);
}

void cnn_model::loadWeights(const std::string &path) { loadParams(cnnrt::safetensors::read(path)); }

void cnn_model::loadEmbeddedWeights() {
  const std::string name = std::string("(embedded in model '") + desc_.name + "')";
  loadParams(cnnrt::safetensors::parse(name, reinterpret_cast<const char *>(desc_.weights),
                                       desc_.weights_size));
}

std::vector<cnnrt::safetensors::TensorRef> cnn_model::paramTensors() const {
  std::vector<cnnrt::safetensors::TensorRef> tensors;
  for (const Param &param : params_)
    tensors.push_back(
        {param.desc->name,
         std::vector<int64_t>(param.desc->shape, param.desc->shape + param.desc->rank),
         param.data.data()});
  return tensors;
}

void cnn_model::saveWeights(const std::string &path) const {
  cnnrt::safetensors::write(path, paramTensors());
}
