// Lowering of a checked Model to the cnn dialect: one op per layer, types inferred.
#ifndef CNNC_IRGEN_MLIRGEN_H
#define CNNC_IRGEN_MLIRGEN_H

#include "cnnc/frontend/Model.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

namespace cnnc {

/// Builds `builtin.func @<model>` holding the layers in order and a `cnn.output` of the model's
/// outputs, and the compile() statement as the function's `cnn.compile` attribute. Shape errors (a
/// window larger than its input, Dense on an image, ...) are emitted at the offending layer's
/// location; returns null after the first one.
mlir::OwningOpRef<mlir::ModuleOp> mlirGen(mlir::MLIRContext &context, const Model &model);

} // namespace cnnc

#endif // CNNC_IRGEN_MLIRGEN_H
