// The model function's `cnn.fit` attribute: the model file's fit() settings, the training
// defaults the runtime's cnn_fit_defaults carries.
#ifndef CNNC_IR_FITATTR_H
#define CNNC_IR_FITATTR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace cnnc::cnn {

/// The attribute's name on the model function: `{epochs = 20, epochs_from = "book.py:14",
/// batch_size = 32, batch_size_from = "book.py:14 (Keras's default)", ...}`; a setting without
/// a source is left out; `validation_data_from` names fit(validation_data=...).
constexpr llvm::StringLiteral kFitAttrName = "cnn.fit";

/// The settings in the order of cnn_fit_defaults' fields; each has a `KEY_from` string beside it.
llvm::ArrayRef<llvm::StringLiteral> fitSettingKeys();

} // namespace cnnc::cnn

#endif // CNNC_IR_FITATTR_H
