// Opening a model library (M.so) by path: dlopen, its entry point, and the errors of a wrong file.
#include "ModelLibrary.h"

#include "Errors.h"

#include <dlfcn.h>

namespace cnnrt {

OpenedLibrary openModelLibrary(const std::string &path) {
  // RTLD_LOCAL: two libraries' kernels may share names; only the entry point is looked up.
  void *handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    throw Error(CNN_ERROR_IO, "cannot load " + path + ": " + ::dlerror());
  std::shared_ptr<void> library(handle, [](void *opened) { ::dlclose(opened); });
  using EntryPoint = const cnn_model_desc *(*)();
  auto entry = reinterpret_cast<EntryPoint>(::dlsym(handle, CNN_LOADABLE_MODEL_SYMBOL));
  if (!entry) {
    // Libraries from before the runtime was a library of its own exported the C API instead.
    if (::dlsym(handle, "cnn_create"))
      throw Error(CNN_ERROR_FORMAT, path + " was compiled by an older cnnc (before runtime ABI " +
                                        std::to_string(CNN_ABI_VERSION) +
                                        "); recompile it with this cnnc");
    throw Error(CNN_ERROR_FORMAT, path + " is not a cnnc model library (it has no " +
                                      CNN_LOADABLE_MODEL_SYMBOL + "); compile one with cnnc");
  }
  const cnn_model_desc *desc = entry();
  if (!desc)
    throw Error(CNN_ERROR_FORMAT,
                path + ": its " + CNN_LOADABLE_MODEL_SYMBOL + "() returned no model");
  return {std::move(library), desc};
}

} // namespace cnnrt
