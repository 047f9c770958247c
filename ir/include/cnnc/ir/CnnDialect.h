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
#include "cnnc/ir/CnnEnums.h.inc"
#include "cnnc/ir/Params.h"
#include "cnnc/ir/Schedule.h"
#include "cnnc/ir/SumShape.h"

#define GET_ATTRDEF_CLASSES
#include "cnnc/ir/CnnAttrs.h.inc"

namespace cnnc::cnn {
class GradientBuilder; // GradientBuilder.h: what a layer's backward pass emits through
} // namespace cnnc::cnn

#include "cnnc/ir/CnnInterfaces.h.inc"

namespace cnnc::cnn {
/// The trait of the training graph's ops (CnnTrainingOps.td); see isTrainingOp.
template <typename ConcreteType>
class TrainingOpTrait : public mlir::OpTrait::TraitBase<ConcreteType, TrainingOpTrait> {};
} // namespace cnnc::cnn

#define GET_OP_CLASSES
#include "cnnc/ir/CnnOps.h.inc"

namespace cnnc::cnn {

/// Checks an input's name and type: a dynamic batch followed by static dimensions.
mlir::LogicalResult verifyInput(InputOp op);
/// Checks that a backward op has the `arity` operands its summary lists.
mlir::LogicalResult verifyGradOperands(mlir::Operation *op, unsigned arity);
/// Checks that a gradient sum adds two or more gradients of its result's type.
mlir::LogicalResult verifyGradSum(GradSumOp op);
/// Checks a fused op: its body takes the op's inputs, holds layers (and what the backward pass
/// keeps of them) and yields values of the op's result types.
mlir::LogicalResult verifyFused(FusedOp op);

/// True for ops that compute nothing: the model's inputs and outputs, layers whose output is
/// their input reinterpreted (Flatten, and Dropout at inference), the batch's labels and a
/// Flatten's gradient.
bool isViewOp(mlir::Operation *op);

/// True for the ops of the training graph: labels, loss and backward ops, optimizer updates.
bool isTrainingOp(mlir::Operation *op);

/// An optimizer's update of one parameter: Adam, SGD or RMSprop.
bool isOptimizerUpdate(mlir::Operation *op);
/// The state an update keeps per parameter element: Adam's m and v (2), SGD's velocity (1),
/// RMSprop's mean square (1) and, with momentum, its momentum (2).
int optimizerSlots(mlir::Operation *op);

/// Whether the model function holds the training graph (cnnc without --inference-only).
bool hasTrainingGraph(mlir::ModuleOp module);

/// The Keras layer name an op carries (its `name` attribute), or "" for other ops (training
/// ops name the layer they belong to in `layer` instead).
llvm::StringRef layerName(mlir::Operation *op);
/// What an op is of the model, for messages and logs: its layer (`name`, or a training op's
/// `layer`), the parameter an update updates (`param`), or "".
llvm::StringRef modelLabel(mlir::Operation *op);
/// The Keras class of a layer op ("Conv2D", "MaxPooling2D", ..., "InputLayer"), or "" for other
/// ops (cnn.output, training ops).
llvm::StringRef kerasClassName(mlir::Operation *op);

/// Checks that `op` is a layer (has the LayerInterface); else reports, at the op, that `stage`
/// cannot handle it.
mlir::FailureOr<LayerInterface> layerOrError(mlir::Operation *op, llvm::StringRef stage);

/// Checks that a module holds one model: a single `builtin.func` without arguments whose body is
/// cnn layers, then optionally the training graph's ops, ending in `cnn.output`. Reports the
/// first problem at its location.
mlir::LogicalResult verifyModelModule(mlir::ModuleOp module);

} // namespace cnnc::cnn

#endif // CNNC_IR_CNNDIALECT_H
