// cnn-build-training-graph: the loss gradient, the backward ops and the optimizer updates.
#include "LayerGradients.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/CompileAttr.h"
#include "cnnc/ir/Params.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace cnnc {
namespace {

constexpr llvm::StringLiteral kInferenceOnly =
    "; compile with --inference-only to build inference kernels only";

/// The layer whose output is the first model output, if that output is softmax probabilities
/// of (batch, classes): a Dense layer with activation='softmax', a Softmax layer or
/// Activation('softmax').
Operation *softmaxLayer(Value probabilities) {
  Operation *layer = probabilities.getDefiningOp();
  if (probabilities.getType().cast<ShapedType>().getRank() != 2)
    return nullptr;
  if (auto dense = dyn_cast_or_null<cnn::DenseOp>(layer))
    return dense.activation() == "softmax" ? layer : nullptr;
  if (auto activation = dyn_cast_or_null<cnn::ActivationOp>(layer))
    return activation.function() == "softmax" ? layer : nullptr;
  return isa_and_nonnull<cnn::SoftmaxOp>(layer) ? layer : nullptr;
}

class BuildTrainingGraphPass : public PassWrapper<BuildTrainingGraphPass, OperationPass<ModuleOp>> {
public:
  StringRef getArgument() const override { return "cnn-build-training-graph"; }
  StringRef getName() const override { return "BuildTrainingGraph"; }
  StringRef getDescription() const override {
    return "Append the loss gradient, the backward ops and the optimizer updates to the model";
  }

  void runOnOperation() override {
    for (FuncOp func : getOperation().getOps<FuncOp>())
      if (failed(build(func)))
        return signalPassFailure();
  }

private:
  LogicalResult build(FuncOp func) {
    // IR printed after this pass reads back unchanged.
    if (!func.getOps<cnn::LabelsOp>().empty())
      return success();
    FailureOr<CompileConfig> compile = cnn::readCompileAttr(func);
    if (failed(compile))
      return failure();
    if (compile->optimizer != "adam" && compile->optimizer != "sgd" &&
        compile->optimizer != "rmsprop")
      return func.emitError() << "the optimizer '" << compile->optimizer
                              << "' is not supported; cnnc trains with 'adam', 'sgd' or 'rmsprop'";
    if (!llvm::is_contained(trainableLosses(), compile->loss))
      return func.emitError() << "the loss '" << compile->loss << "' is not supported; cnnc trains "
                              << "with " << trainableLossList() << kInferenceOnly;
    auto output = cast<cnn::OutputOp>(func.getBody().front().getTerminator());
    if (output.outputs().empty())
      return output.emitError() << "training needs a model output" << kInferenceOnly;
    Value probabilities = output.outputs()[0];
    Operation *lossLayer = softmaxLayer(probabilities);
    if (!lossLayer)
      return emitError(probabilities.getLoc())
             << "training needs the model's first output to be softmax class probabilities "
             << "(loss '" << compile->loss << "')" << kInferenceOnly;

    // Keras would apply compile()'s loss to every output; cnnc trains the first one only.
    for (unsigned index = 1; index < output.outputs().size(); ++index)
      emitWarning(output.outputs()[index].getLoc())
          << "output " << index + 1 << " of " << output.outputs().size() << " ('"
          << cnn::layerName(output.outputs()[index].getDefiningOp())
          << "') has no loss and is not trained: compile()'s loss trains the first output only "
          << "(losses per output are not supported yet)";

    SmallVector<Operation *> layers;
    for (Operation &op : func.getBody().front().without_terminator())
      layers.push_back(&op);
    OpBuilder builder(output);
    LayerGradients gradients(builder, layers);

    // The loss's gradient with respect to the softmax's input.
    mlir::Location loc = lossLayer->getLoc();
    Value labels = builder.create<cnn::LabelsOp>(
        loc, RankedTensorType::get({ShapedType::kDynamicSize}, builder.getI32Type()),
        builder.getI64IntegerAttr(0));
    Value logits = builder.create<cnn::SoftmaxCrossEntropyGradOp>(
        loc, probabilities.getType(), probabilities, labels,
        builder.getStringAttr(cnn::layerName(lossLayer)));
    if (isa<cnn::DenseOp>(lossLayer))
      gradients.backwardFromPreActivation(lossLayer, logits);
    else
      gradients.addGradient(lossLayer->getOperand(0), logits);

    for (Operation *layer : llvm::reverse(layers))
      if (layer != lossLayer)
        gradients.backward(layer);

    // One update per parameter, in the runtime's order: layers in order, kernel before bias.
    for (Operation *layer : layers)
      for (const cnn::ParamSpec &param : cnn::layerParams(layer))
        if (Value gradient = gradients.ofParam(param.name))
          update(builder, *compile, layer->getLoc(), gradient, param.name);
    return success();
  }

  /// Keras's update of a parameter, with the optimizer's settings from compile().
  static void update(OpBuilder &builder, const CompileConfig &compile, mlir::Location loc,
                     Value gradient, StringRef param) {
    auto f64 = [&](double value) { return builder.getF64FloatAttr(value); };
    StringAttr name = builder.getStringAttr(param);
    if (compile.optimizer == "sgd")
      builder.create<cnn::SgdUpdateOp>(loc, gradient, name, f64(compile.learningRate),
                                       f64(compile.momentum),
                                       compile.nesterov ? builder.getBoolAttr(true) : BoolAttr());
    else if (compile.optimizer == "rmsprop")
      builder.create<cnn::RmspropUpdateOp>(loc, gradient, name, f64(compile.learningRate),
                                           f64(compile.rho), f64(compile.momentum),
                                           f64(compile.epsilon));
    else
      builder.create<cnn::AdamUpdateOp>(loc, gradient, name, f64(compile.learningRate),
                                        f64(compile.beta1), f64(compile.beta2),
                                        f64(compile.epsilon));
  }
};

} // namespace

std::unique_ptr<Pass> createBuildTrainingGraphPass() {
  return std::make_unique<BuildTrainingGraphPass>();
}

} // namespace cnnc
