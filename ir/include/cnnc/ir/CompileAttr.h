// The model's compile() settings as the model function's `cnn.compile` attribute.
#ifndef CNNC_IR_COMPILEATTR_H
#define CNNC_IR_COMPILEATTR_H

#include "cnnc/frontend/Model.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace cnnc::cnn {

/// The attribute's name on the model function.
constexpr llvm::StringLiteral kCompileAttrName = "cnn.compile";

/// `{learning_rate = F64, loss = "...", optimizer = "adam"|"sgd"}`, with `momentum = F64` for SGD
/// and `beta_1`, `beta_2`, `epsilon` (F64) for Adam.
mlir::DictionaryAttr buildCompileAttr(mlir::Builder &builder, const CompileConfig &compile);

/// The settings `func` carries, or CompileConfig's defaults (Adam, sparse categorical
/// cross-entropy) when it has none. A malformed attribute is reported at the function.
mlir::FailureOr<CompileConfig> readCompileAttr(mlir::FuncOp func);

} // namespace cnnc::cnn

#endif // CNNC_IR_COMPILEATTR_H
