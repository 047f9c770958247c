// The error the Keras importer's parts throw; importKeras turns it into an llvm::Error.
#ifndef CNNC_FRONTEND_LIB_KERASERROR_H
#define CNNC_FRONTEND_LIB_KERASERROR_H

#include <stdexcept>

namespace cnnc::keras {

/// What is wrong with a Keras file, as one line without the file's name.
struct ImportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

} // namespace cnnc::keras

#endif // CNNC_FRONTEND_LIB_KERASERROR_H
