// The cnn dialect and its ops (generated from CnnOps.td).
#ifndef CNNC_IR_CNNDIALECT_H
#define CNNC_IR_CNNDIALECT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "cnnc/ir/CnnDialect.h.inc"

#define GET_OP_CLASSES
#include "cnnc/ir/CnnOps.h.inc"

namespace cnnc::cnn {

/// Checks an input's name and type: a dynamic batch followed by static dimensions.
mlir::LogicalResult verifyInput(InputOp op);

/// True for ops that compute nothing: the model's inputs and outputs, and layers whose output
/// is their input reinterpreted (Flatten, and Dropout at inference).
bool isViewOp(mlir::Operation *op);

/// The Keras layer name an op carries (its `name` attribute), or "" for non-layer ops.
llvm::StringRef layerName(mlir::Operation *op);
/// The Keras class of a layer op ("Conv2D", "MaxPooling2D", ..., "InputLayer").
llvm::StringRef kerasClassName(mlir::Operation *op);

/// Checks that a module holds one model: a single `builtin.func` without arguments whose body is
/// cnn layers ending in `cnn.output`. Reports the first problem at its location.
mlir::LogicalResult verifyModelModule(mlir::ModuleOp module);

} // namespace cnnc::cnn

#endif // CNNC_IR_CNNDIALECT_H
