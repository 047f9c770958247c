// Loading and saving a model's parameters as safetensors, checked against the model.
#include "Model.h"

#include "Errors.h"
#include "Safetensors.h"

#include <cstring>
#include <map>

namespace {

cnnrt::Error mismatch(const std::string &path, const std::string &message) {
  return cnnrt::Error(CNN_ERROR_FORMAT, "weights file " + path + ": " + message);
}

} // namespace

void cnn_model::loadWeights(const std::string &path) {
  const cnnrt::safetensors::File file = cnnrt::safetensors::read(path);
  std::map<std::string, const cnnrt::safetensors::TensorEntry *> byName;
  for (const cnnrt::safetensors::TensorEntry &tensor : file.tensors) {
    byName[tensor.name] = &tensor;
    if (findParam(tensor.name.c_str()) < 0)
      throw mismatch(path, "tensor '" + tensor.name + "' is not a parameter of model '" +
                               desc_.name + "'");
  }
  // Everything is checked and copied aside first, so a failed load changes nothing.
  std::vector<std::vector<float>> loaded;
  for (const Param &param : params_) {
    const cnn_param_desc &desc = *param.desc;
    const auto found = byName.find(desc.name);
    if (found == byName.end())
      throw cnnrt::Error(CNN_ERROR_FORMAT,
                         "weights file " + path + " has no tensor '" + desc.name + "'");
    const cnnrt::safetensors::TensorEntry &tensor = *found->second;
    if (tensor.dtype != "F32")
      throw mismatch(path, "tensor '" + tensor.name + "' has dtype " + tensor.dtype +
                               ", the model needs F32");
    const std::vector<int64_t> expected(desc.shape, desc.shape + desc.rank);
    if (tensor.shape != expected)
      throw mismatch(
          path, "tensor '" + tensor.name + "' has shape " +
                    cnnrt::formatShape(tensor.shape.data(), static_cast<int>(tensor.shape.size())) +
                    ", the model expects " + cnnrt::formatShape(desc.shape, desc.rank));
    const size_t bytes = param.data.size() * sizeof(float);
    if (tensor.end - tensor.begin != bytes)
      throw mismatch(path, "tensor '" + tensor.name + "' has " +
                               std::to_string(tensor.end - tensor.begin) +
                               " bytes of data, its shape needs " + std::to_string(bytes));
    loaded.emplace_back(param.data.size());
    std::memcpy(loaded.back().data(), file.data.data() + tensor.begin, bytes);
  }
  for (size_t p = 0; p < params_.size(); ++p)
    params_[p].data.swap(loaded[p]);
}

void cnn_model::saveWeights(const std::string &path) const {
  std::vector<cnnrt::safetensors::TensorRef> tensors;
  for (const Param &param : params_)
    tensors.push_back(
        {param.desc->name,
         std::vector<int64_t>(param.desc->shape, param.desc->shape + param.desc->rank),
         param.data.data()});
  cnnrt::safetensors::write(path, tensors);
}
