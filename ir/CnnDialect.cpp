// Registration of the cnn dialect and the generated op definitions.
#include "cnnc/ir/CnnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace cnnc::cnn;

#include "cnnc/ir/CnnDialect.cpp.inc"
#include "cnnc/ir/CnnEnums.cpp.inc"
#include "cnnc/ir/CnnInterfaces.cpp.inc"

void CnnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "cnnc/ir/CnnOps.cpp.inc"
      >();
  registerAttributes();
}

LogicalResult cnnc::cnn::verifyGradOperands(Operation *op, unsigned arity) {
  if (op->getNumOperands() != arity)
    return op->emitOpError() << "takes " << arity << " operand" << (arity == 1 ? "" : "s")
                             << ", got " << op->getNumOperands();
  return success();
}

LogicalResult cnnc::cnn::verifyGradSum(GradSumOp op) {
  if (op.inputs().size() < 2)
    return op.emitOpError("sums two or more gradients");
  for (Value input : op.inputs())
    if (input.getType() != op.getType())
      return op.emitOpError() << "sums gradients of type " << op.getType() << ", got "
                              << input.getType();
  return success();
}

LogicalResult cnnc::cnn::verifyFused(FusedOp op) {
  Block &body = op.body().front();
  if (body.getArgumentTypes() != op.inputs().getTypes())
    return op.emitOpError("body arguments must have the types of the op's inputs");
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield || yield.values().getTypes() != op.getResultTypes())
    return op.emitOpError("body must yield values of the op's result types");
  for (Operation &inner : body.without_terminator())
    if (!isa_and_nonnull<CnnDialect>(inner.getDialect()) || isa<FusedOp, InputOp>(inner) ||
        (isTrainingOp(&inner) && !isa<MaxPool2DWinnersOp>(inner)))
      return inner.emitOpError("cannot be part of a fused op");
  return success();
}

bool cnnc::cnn::isViewOp(Operation *op) {
  return isa<InputOp, FlattenOp, ReshapeOp, DropoutOp, OutputOp, LabelsOp, TargetsOp,
             ReshapeGradOp>(op);
}

bool cnnc::cnn::isTrainingOp(Operation *op) { return op->hasTrait<TrainingOpTrait>(); }

bool cnnc::cnn::isOptimizerUpdate(Operation *op) {
  return isa<AdamUpdateOp, SgdUpdateOp, RmspropUpdateOp>(op);
}

int cnnc::cnn::optimizerSlots(Operation *op) {
  if (auto rmsprop = dyn_cast<RmspropUpdateOp>(op))
    return rmsprop.momentum().convertToDouble() > 0.0 ? 2 : 1;
  return isa<AdamUpdateOp>(op) ? 2 : 1;
}

bool cnnc::cnn::hasTrainingGraph(ModuleOp module) {
  auto funcs = module.getOps<FuncOp>();
  return !funcs.empty() && llvm::any_of((*funcs.begin()).getBody().front(),
                                        [](Operation &op) { return isTrainingOp(&op); });
}

llvm::StringRef cnnc::cnn::layerName(Operation *op) {
  if (auto name = op->getAttrOfType<StringAttr>("name"))
    return name.getValue();
  return "";
}

llvm::StringRef cnnc::cnn::modelLabel(Operation *op) {
  for (llvm::StringRef key : {"name", "layer", "param"})
    if (auto label = op->getAttrOfType<StringAttr>(key))
      return label.getValue();
  return "";
}

llvm::StringRef cnnc::cnn::kerasClassName(Operation *op) {
  auto layer = dyn_cast<LayerInterface>(op);
  return layer ? layer.getKerasClass() : "";
}

FailureOr<LayerInterface> cnnc::cnn::layerOrError(Operation *op, StringRef stage) {
  if (auto layer = dyn_cast<LayerInterface>(op))
    return layer;
  op->emitError() << stage << ": '" << op->getName()
                  << "' is not a layer (it lacks the cnn LayerInterface)";
  return failure();
}

LogicalResult cnnc::cnn::verifyModelModule(ModuleOp module) {
  auto funcs = module.getOps<FuncOp>();
  if (std::distance(funcs.begin(), funcs.end()) != 1)
    return module.emitError("expected exactly one builtin.func holding the model");
  FuncOp func = *funcs.begin();
  if (func.getNumArguments() != 0 || func.getBody().getBlocks().size() != 1)
    return func.emitError("the model function takes no arguments (inputs are cnn.input ops) and "
                          "has one block");
  bool training = false; // the training graph follows the model's layers
  for (Operation &op : func.getBody().front()) {
    if (!isa_and_nonnull<CnnDialect>(op.getDialect()))
      return op.emitError() << "unexpected op '" << op.getName() << "' in a cnn model";
    if (isTrainingOp(&op))
      training = true;
    else if (training && !isa<OutputOp>(op))
      return op.emitError() << "layer op '" << op.getName()
                            << "' after the training graph; the model's layers come first";
  }
  if (!isa<OutputOp>(func.getBody().front().back()))
    return func.emitError("the model function must end with cnn.output");
  return success();
}

#define GET_OP_CLASSES
#include "cnnc/ir/CnnOps.cpp.inc"
