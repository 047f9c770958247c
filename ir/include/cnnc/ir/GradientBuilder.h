// The gradients of a model's values and weights, built one layer at a time, last layer first:
// each layer emits its own backward ops (LayerInterface::buildGradient) through this builder.
#ifndef CNNC_IR_GRADIENTBUILDER_H
#define CNNC_IR_GRADIENTBUILDER_H

#include "cnnc/ir/CnnDialect.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

namespace cnnc::cnn {

class GradientBuilder {
public:
  /// `layers` are the model's layer ops in order; backward ops go at `builder`'s insertion point
  /// and carry the location and name of the layer they differentiate.
  GradientBuilder(mlir::OpBuilder &builder, llvm::ArrayRef<mlir::Operation *> layers);

  /// Emits the backward ops of `layer` from the sum of the shares of its output's gradient;
  /// nothing when no share reached it. Call for the layers last to first. Fails, with an error
  /// at the op, for an op that is no layer.
  mlir::LogicalResult backward(mlir::Operation *layer);

  /// Adds one consumer's share of the gradient of `value`; values without a weight upstream
  /// (the model's inputs, ...) need none and are left out.
  void addGradient(mlir::Value value, mlir::Value gradient);

  /// Whether `value` has a weight upstream, so that its gradient is needed.
  bool needsGradient(mlir::Value value) const { return needed.contains(value); }

  /// The gradient of the weight `name` ("<layer>.kernel"), or null when it has none.
  mlir::Value ofParam(llvm::StringRef name) const { return paramGradients.lookup(name); }

  /// Emits a backward op of `layer` named after it, of result `type`, copying the layer's
  /// attributes `copiedAttrs` and adding `extraAttrs`.
  template <typename GradOp>
  mlir::Value emit(mlir::Operation *layer, mlir::Type type, mlir::ValueRange inputs,
                   llvm::ArrayRef<llvm::StringRef> copiedAttrs = {},
                   llvm::ArrayRef<mlir::NamedAttribute> extraAttrs = {}) {
    llvm::SmallVector<mlir::NamedAttribute> attrs{
        builder.getNamedAttr("layer", builder.getStringAttr(layerName(layer)))};
    attrs.append(extraAttrs.begin(), extraAttrs.end());
    for (llvm::StringRef name : copiedAttrs)
      attrs.push_back(builder.getNamedAttr(name, layer->getAttr(name)));
    return builder.create<GradOp>(layer->getLoc(), mlir::TypeRange{type}, inputs, attrs);
  }

  /// The backward ops of a layer with a kernel (and maybe a bias) applied to `input`, from the
  /// gradient before its activation: the kernel's gradient (KernelGradOp of (gradient, input)),
  /// the bias's (summed over all but channels) and, when needed, the input's (InputGradOp).
  template <typename KernelGradOp, typename InputGradOp>
  void backwardWeighted(LayerInterface layer, mlir::Value input, mlir::Value gradient,
                        llvm::ArrayRef<llvm::StringRef> copiedAttrs) {
    std::vector<ParamSpec> params = layer.getWeights();
    auto typeOf = [&](const ParamSpec &param) {
      return mlir::RankedTensorType::get(param.shape, builder.getF32Type());
    };
    paramGradients[params[0].name] =
        emit<KernelGradOp>(layer, typeOf(params[0]), {gradient, input}, copiedAttrs);
    if (params.size() > 1)
      paramGradients[params[1].name] = emit<BiasGradOp>(layer, typeOf(params[1]), {gradient});
    if (needsGradient(input))
      addGradient(input, emit<InputGradOp>(layer, input.getType(), {gradient}, copiedAttrs));
  }

  /// The backward ops of a layer whose last step is an activation function: that function's,
  /// then the layer's own from the gradient before it.
  void backwardThroughActivation(ActivationInterface layer, mlir::Value gradient);

  mlir::OpBuilder &getBuilder() { return builder; }

private:
  /// The gradient before the activation `function` that made the output of `layer`, from the
  /// output's `gradient`.
  mlir::Value throughActivation(mlir::Operation *layer, Activation function, mlir::Value gradient);

  mlir::OpBuilder &builder;
  llvm::DenseSet<mlir::Value> needed;
  llvm::DenseMap<mlir::Value, llvm::SmallVector<mlir::Value, 2>> shares;
  llvm::StringMap<mlir::Value> paramGradients;
};

} // namespace cnnc::cnn

#endif // CNNC_IR_GRADIENTBUILDER_H
