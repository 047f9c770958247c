// The gradients of a model's values and parameters, built one layer at a time, last layer first.
#ifndef CNNC_PASSES_LAYERGRADIENTS_H
#define CNNC_PASSES_LAYERGRADIENTS_H

#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

namespace cnnc {

class LayerGradients {
public:
  /// `layers` are the model's layer ops in order; backward ops go at `builder`'s insertion point
  /// and carry the location and name of the layer they differentiate.
  LayerGradients(mlir::OpBuilder &builder, llvm::ArrayRef<mlir::Operation *> layers);

  /// Adds one consumer's share of the gradient of `value`; values without a parameter upstream
  /// (the model's inputs, ...) need none and are left out.
  void addGradient(mlir::Value value, mlir::Value gradient);

  /// Emits the backward ops of `layer` from the sum of the shares of its output's gradient;
  /// nothing when no share reached it. Call for the layers last to first.
  void backward(mlir::Operation *layer);

  /// Emits the backward ops of a Conv2D or Dense layer from the gradient with respect to its
  /// pre-activation (the loss gives it directly for the output's softmax).
  void backwardFromPreActivation(mlir::Operation *layer, mlir::Value gradient);

  /// The gradient of the parameter `name` ("<layer>.kernel"), or null when it has none.
  mlir::Value ofParam(llvm::StringRef name) const { return paramGradients.lookup(name); }

private:
  template <typename GradOp>
  mlir::Value emit(mlir::Operation *layer, mlir::Type type, mlir::ValueRange inputs,
                   llvm::ArrayRef<llvm::StringRef> copiedAttrs = {},
                   llvm::ArrayRef<mlir::NamedAttribute> extraAttrs = {});
  template <typename KernelGradOp, typename InputGradOp>
  void backwardWeighted(mlir::Operation *layer, mlir::Value input, mlir::Value gradient,
                        llvm::ArrayRef<llvm::StringRef> copiedAttrs);
  mlir::Value throughActivation(mlir::Operation *layer, llvm::StringRef activation,
                                mlir::Value gradient);
  void backwardConcat(mlir::Operation *layer, mlir::Value gradient);

  mlir::OpBuilder &builder;
  llvm::DenseSet<mlir::Value> needsGradient;
  llvm::DenseMap<mlir::Value, llvm::SmallVector<mlir::Value, 2>> shares;
  llvm::StringMap<mlir::Value> paramGradients;
};

} // namespace cnnc

#endif // CNNC_PASSES_LAYERGRADIENTS_H
