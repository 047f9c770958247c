// The model file's compile() and fit() as the model function's attributes.
#ifndef CNNC_IRGEN_MODELSETTINGS_H
#define CNNC_IRGEN_MODELSETTINGS_H

#include "cnnc/frontend/Model.h"

#include "mlir/IR/Builders.h"

namespace cnnc {

/// compile()'s settings as the IR's `cnn.compile` attribute (TrainingSettings.h).
mlir::DictionaryAttr compileAttrOf(mlir::Builder &builder, const CompileConfig &compile);

/// fit()'s settings, each with where it was written, as the IR's `cnn.fit` attribute (FitAttr.h).
mlir::DictionaryAttr fitAttrOf(mlir::Builder &builder, const FitConfig &fit);

} // namespace cnnc

#endif // CNNC_IRGEN_MODELSETTINGS_H
