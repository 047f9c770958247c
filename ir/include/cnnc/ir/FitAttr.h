// The model file's fit() settings as the model function's `cnn.fit` attribute: the training
// defaults the runtime's cnn_fit_defaults carries.
#ifndef CNNC_IR_FITATTR_H
#define CNNC_IR_FITATTR_H

#include "cnnc/frontend/Model.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace cnnc::cnn {

constexpr llvm::StringLiteral kFitAttrName = "cnn.fit";

/// The settings in the order of cnn_fit_defaults' fields; each has a `KEY_from` string beside it.
llvm::ArrayRef<llvm::StringLiteral> fitSettingKeys();

/// `{epochs = 20, epochs_from = "book.py:14", batch_size = 32, batch_size_from = "book.py:14
/// (Keras's default)", ...}`: a setting without a source (no EarlyStopping, ModelCheckpoint or
/// CSVLogger) is left out; `validation_data_from` names fit(validation_data=...).
mlir::DictionaryAttr buildFitAttr(mlir::Builder &builder, const FitConfig &fit);

} // namespace cnnc::cnn

#endif // CNNC_IR_FITATTR_H
