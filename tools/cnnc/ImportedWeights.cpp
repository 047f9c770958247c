// Checking imported weights against the layers' parameters, and writing them as safetensors.
#include "ImportedWeights.h"

#include "Safetensors.h"
#include "cnnc/ir/Params.h"

#include "llvm/ADT/StringMap.h"

#include <cstring>
#include <stdexcept>

namespace cnnc {

namespace {

std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

llvm::Error failure(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

} // namespace

llvm::Error checkWeights(mlir::ModuleOp module, const std::vector<WeightTensor> &weights) {
  llvm::StringMap<const WeightTensor *> unused;
  for (const WeightTensor &weight : weights)
    unused[weight.name] = &weight;
  std::string problem;
  module.walk([&](mlir::Operation *op) {
    for (const cnn::ParamSpec &param : cnn::layerParams(op)) {
      if (!problem.empty())
        return;
      auto found = unused.find(param.name);
      if (found == unused.end())
        problem = "the file has no weight '" + param.name + "'";
      else if (found->second->shape != param.shape)
        problem = "weight '" + param.name + "' has shape " + shapeText(found->second->shape) +
                  "; the model expects " + shapeText(param.shape);
      else
        unused.erase(found);
    }
  });
  if (problem.empty() && !unused.empty())
    problem = "weight '" + unused.begin()->first().str() + "' belongs to no layer of the model";
  return problem.empty() ? llvm::Error::success() : failure(problem);
}

llvm::Expected<std::vector<WeightTensor>> readWeights(const std::string &path) {
  std::vector<WeightTensor> weights;
  try {
    const cnnrt::safetensors::File file = cnnrt::safetensors::read(path);
    for (const cnnrt::safetensors::TensorEntry &tensor : file.tensors) {
      if (tensor.dtype != "F32")
        return failure(path + ": tensor '" + tensor.name + "' has dtype " + tensor.dtype +
                       ", the model needs F32");
      std::vector<float> data((tensor.end - tensor.begin) / sizeof(float));
      std::memcpy(data.data(), file.data.data() + tensor.begin, data.size() * sizeof(float));
      weights.push_back({tensor.name, tensor.shape, std::move(data)});
    }
  } catch (const std::runtime_error &error) {
    return failure(error.what());
  }
  return weights;
}

llvm::Error writeWeights(const std::string &path, const std::vector<WeightTensor> &weights) {
  std::vector<cnnrt::safetensors::TensorRef> tensors;
  for (const WeightTensor &weight : weights)
    tensors.push_back({weight.name, weight.shape, weight.data.data()});
  try {
    cnnrt::safetensors::write(path, tensors);
  } catch (const std::runtime_error &error) {
    return failure(error.what());
  }
  return llvm::Error::success();
}

} // namespace cnnc
