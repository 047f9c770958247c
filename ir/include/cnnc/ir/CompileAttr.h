// The model's compile() settings as the model function's `cnn.compile` attribute.
#ifndef CNNC_IR_COMPILEATTR_H
#define CNNC_IR_COMPILEATTR_H

#include "cnnc/frontend/Model.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace cnnc::cnn {

/// The attribute's name on the model function.
constexpr llvm::StringLiteral kCompileAttrName = "cnn.compile";

/// `{learning_rate = F64, loss = "...", optimizer = "adam"|"sgd"|"rmsprop"}` with the optimizer's
/// numbers; `loss` is one string for every output or a list with one per output ("" for none),
/// `loss_weights` a list of F64 per output unless all are 1, `metrics` a list of name lists per
/// output when any asks for more than accuracy.
mlir::DictionaryAttr buildCompileAttr(mlir::Builder &builder, const CompileConfig &compile);

/// The settings `func` carries, with one OutputLoss per model output, or CompileConfig's
/// defaults (Adam, sparse categorical cross-entropy of the first output) when it has none. A
/// malformed attribute is reported at the function.
mlir::FailureOr<CompileConfig> readCompileAttr(mlir::FuncOp func);

} // namespace cnnc::cnn

#endif // CNNC_IR_COMPILEATTR_H
