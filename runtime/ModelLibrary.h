// Opening a model library (M.so) by path: dlopen, its entry point, and the errors of a wrong file.
#ifndef CNNRT_MODEL_LIBRARY_H
#define CNNRT_MODEL_LIBRARY_H

#include "cnn/model_desc.h"

#include <memory>
#include <string>

namespace cnnrt {

struct OpenedLibrary {
  std::shared_ptr<void> handle; // dlclose()s the library when the last owner lets go
  const cnn_model_desc *desc;
};

// Loads `path` and calls its CNN_LOADABLE_MODEL_SYMBOL; throws CNN_ERROR_IO when it cannot be
// loaded and CNN_ERROR_FORMAT when it is no cnnc model library, naming the file.
OpenedLibrary openModelLibrary(const std::string &path);

} // namespace cnnrt

#endif // CNNRT_MODEL_LIBRARY_H
