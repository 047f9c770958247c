// Opening a model.so and resolving the C API with dlsym.
#include "ModelLibrary.h"

#include <dlfcn.h>

namespace cnn {

void ModelLibrary::Closer::operator()(void *handle) const { ::dlclose(handle); }

ModelLibrary::ModelLibrary(const std::string &path, int threads) {
  // dlopen only searches the library path for names without a slash.
  const std::string where = path.find('/') == std::string::npos ? "./" + path : path;
  handle_.reset(::dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL));
  if (!handle_)
    throw UserError("cannot load " + path + ": " + ::dlerror());
  const auto resolve = [&](const char *name) {
    void *symbol = ::dlsym(handle_.get(), name);
    if (!symbol)
      throw UserError(path + " is not a model library of this version of cnnc (missing " + name +
                      "); recompile it with cnnc");
    return symbol;
  };
#define CNN_API_RESOLVE(name) api_.name = reinterpret_cast<decltype(api_.name)>(resolve(#name));
  CNN_API_FUNCTIONS(CNN_API_RESOLVE)
#undef CNN_API_RESOLVE
  check(api_.cnn_create(&model_));
  if (threads >= 0 && api_.cnn_set_threads(model_, threads) != CNN_OK) {
    const UserError error(api_.cnn_last_error());
    api_.cnn_destroy(model_);
    throw error;
  }
}

ModelLibrary::~ModelLibrary() { api_.cnn_destroy(model_); }

void ModelLibrary::check(cnn_status status) const {
  if (status != CNN_OK)
    throw UserError(api_.cnn_last_error());
}

cnn_layer_info ModelLibrary::layerInfo(int layer) const {
  cnn_layer_info info;
  check(api_.cnn_layer_info_at(model_, layer, &info));
  return info;
}

int ModelLibrary::findLayer(const std::string &name, const std::string &hint) const {
  const int layer = api_.cnn_find_layer(model_, name.c_str());
  if (layer < 0)
    throw UserError("model '" + std::string(api_.cnn_model_name(model_)) + "' has no layer '" +
                    name + "'" + hint);
  return layer;
}

void ModelLibrary::loadWeightsOrInit(const std::string &weights, uint64_t seed) const {
  if (weights.empty())
    check(api_.cnn_init_params(model_, seed));
  else
    check(api_.cnn_load_weights(model_, weights.c_str()));
}

std::string formatLayerShape(const cnn_layer_info &info, const std::string &batch) {
  std::string text = "(" + batch;
  for (int d = 1; d < info.rank; ++d)
    text += ", " + std::to_string(info.shape[d]);
  return text + (info.rank == 1 ? ",)" : ")");
}

} // namespace cnn
