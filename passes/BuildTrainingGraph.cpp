// cnn-build-training-graph: the loss gradient, the backward ops and the optimizer updates.

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/GradientBuilder.h"
#include "cnnc/ir/Params.h"
#include "cnnc/ir/TrainingSettings.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace cnnc {
namespace {

constexpr llvm::StringLiteral kInferenceOnly =
    "; compile with --inference-only to build inference kernels only";

/// The layer that made `probabilities` with activation `function` last (its ActivationInterface
/// says so: Dense or Conv2D with activation=function, Softmax, Activation(function)), whose
/// activation's input the loss's gradient is taken with respect to; null for any other layer.
Operation *activationLayer(Value probabilities, cnn::Activation function) {
  auto layer = dyn_cast_or_null<cnn::ActivationInterface>(probabilities.getDefiningOp());
  return layer && layer.getActivationFunction() == function ? layer.getOperation() : nullptr;
}

/// The losses cnnc trains with: "'sparse_categorical_crossentropy', ... or 'mae'".
std::string trainableLossList() {
  std::string list;
  for (unsigned index = 0; !cnn::stringifyEnum(cnn::Loss(index)).empty(); ++index) {
    bool last = cnn::stringifyEnum(cnn::Loss(index + 1)).empty();
    list += (index == 0 ? "'"
             : last     ? " or '"
                        : ", '") +
            cnn::stringifyEnum(cnn::Loss(index)).str() + "'";
  }
  return list;
}

bool isCrossEntropy(StringRef loss) {
  return loss == "sparse_categorical_crossentropy" || loss == "categorical_crossentropy";
}

/// One model output and the loss compile() gives it.
struct LossOutput {
  unsigned index;
  Value value;
  cnn::OutputTraining loss;
  Operation *activation = nullptr; // the softmax or sigmoid the gradient goes through, if fused
};

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
    if (!func.getOps<cnn::LabelsOp>().empty() || !func.getOps<cnn::TargetsOp>().empty())
      return success();
    FailureOr<cnn::TrainingSettings> compile = cnn::readCompileAttr(func);
    if (failed(compile))
      return failure();
    if (compile->optimizer != "adam" && compile->optimizer != "sgd" &&
        compile->optimizer != "rmsprop")
      return func.emitError() << "the optimizer '" << compile->optimizer
                              << "' is not supported; cnnc trains with 'adam', 'sgd' or 'rmsprop'";
    auto output = cast<cnn::OutputOp>(func.getBody().front().getTerminator());
    SmallVector<LossOutput> trained;
    if (failed(lossOutputs(output, compile->outputs, trained)))
      return failure();

    SmallVector<Operation *> layers;
    for (Operation &op : func.getBody().front().without_terminator())
      layers.push_back(&op);
    OpBuilder builder(output);
    cnn::GradientBuilder gradients(builder, layers);
    for (const LossOutput &trainedOutput : trained)
      addLossGradient(builder, gradients, trainedOutput);
    for (Operation *layer : llvm::reverse(layers))
      if (llvm::none_of(trained, [&](const LossOutput &o) { return o.activation == layer; }) &&
          failed(gradients.backward(layer)))
        return failure();

    // One update per parameter, in the runtime's order: layers in order, kernel before bias.
    for (Operation *layer : layers)
      for (const cnn::ParamSpec &param : cnn::layerParams(layer))
        if (Value gradient = gradients.ofParam(param.name))
          update(builder, *compile, layer->getLoc(), gradient, param.name);
    return success();
  }

  /// The outputs with a loss, each checked against its loss; outputs without one get a warning.
  static LogicalResult lossOutputs(cnn::OutputOp output,
                                   const std::vector<cnn::OutputTraining> &losses,
                                   SmallVectorImpl<LossOutput> &trained) {
    const unsigned count = output.outputs().size();
    if (count == 0)
      return output.emitError() << "training needs a model output" << kInferenceOnly;
    for (unsigned index = 0; index < count; ++index) {
      Value value = output.outputs()[index];
      const cnn::OutputTraining &loss = losses[index];
      auto describe = [&](InFlightDiagnostic diag) {
        diag << "output " << index + 1 << " of " << count << " ('"
             << cnn::layerName(value.getDefiningOp()) << "') ";
        return diag;
      };
      if (loss.loss.empty()) {
        describe(emitWarning(value.getLoc()))
            << "has no loss and is not trained: compile()'s loss names none for it";
        continue;
      }
      if (!cnn::symbolizeLoss(loss.loss))
        return describe(emitError(value.getLoc()))
               << "has the loss '" << loss.loss << "', which is not supported; cnnc trains with "
               << trainableLossList() << kInferenceOnly;
      LossOutput entry{index, value, loss};
      const bool crossEntropy = isCrossEntropy(loss.loss);
      if (crossEntropy || loss.loss == "binary_crossentropy") {
        cnn::Activation activation =
            crossEntropy ? cnn::Activation::softmax : cnn::Activation::sigmoid;
        StringRef function = cnn::stringifyActivation(activation);
        entry.activation = activationLayer(value, activation);
        if (!entry.activation ||
            (crossEntropy && value.getType().cast<ShapedType>().getRank() != 2))
          return describe(emitError(value.getLoc()))
                 << "must be " << function << (crossEntropy ? " class" : "") << " probabilities"
                 << (crossEntropy ? " of (batch, classes)" : "") << " for the loss '" << loss.loss
                 << "'" << kInferenceOnly;
        if (!value.hasOneUse())
          return describe(emitError(value.getLoc()))
                 << "feeds other layers as well; cnnc trains a " << function << " output with '"
                 << loss.loss << "' only when nothing else reads it";
      }
      trained.push_back(entry);
    }
    if (trained.empty())
      return output.emitError() << "no model output has a loss: there is nothing to train"
                                << kInferenceOnly;
    return success();
  }

  /// The gradient of one output's loss: with respect to the input of its softmax or sigmoid
  /// when fused, else with respect to the output.
  static void addLossGradient(OpBuilder &builder, cnn::GradientBuilder &gradients,
                              const LossOutput &trained) {
    Operation *layer = trained.value.getDefiningOp();
    mlir::Location loc = layer->getLoc();
    StringAttr name = builder.getStringAttr(cnn::layerName(layer));
    FloatAttr weight =
        trained.loss.weight == 1.0 ? FloatAttr() : builder.getF64FloatAttr(trained.loss.weight);
    IntegerAttr index = builder.getI64IntegerAttr(trained.index);
    Type type = trained.value.getType();
    Value gradient;
    if (isCrossEntropy(trained.loss.loss)) {
      Value labels = builder.create<cnn::LabelsOp>(
          loc, RankedTensorType::get({ShapedType::kDynamicSize}, builder.getI32Type()), index);
      gradient = builder.create<cnn::SoftmaxCrossEntropyGradOp>(loc, type, trained.value, labels,
                                                                name, weight);
    } else {
      Value targets = builder.create<cnn::TargetsOp>(loc, type, index);
      gradient = builder.create<cnn::LossGradOp>(loc, type, trained.value, targets, name,
                                                 builder.getStringAttr(trained.loss.loss), weight);
    }
    if (trained.activation)
      cast<cnn::ActivationInterface>(layer).buildGradientBeforeActivation(gradients, gradient);
    else
      gradients.addGradient(trained.value, gradient);
  }

  /// Keras's update of a parameter, with the optimizer's settings from compile().
  static void update(OpBuilder &builder, const cnn::TrainingSettings &compile, mlir::Location loc,
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
