// Binds a call's arguments to a Keras signature: positions, keywords, defaults.
#ifndef CNNC_FRONTEND_LIB_BINDER_H
#define CNNC_FRONTEND_LIB_BINDER_H

#include "Diagnostics.h"
#include "Signatures.h"

#include "cnnc/frontend/AST.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace cnnc {

/// Takes one parameter's value (written or default); reports and returns false when it does not
/// fit.
using ParamSetter = llvm::function_ref<bool(const ParamSpec &spec, const ExprAST &value)>;

/// Matches `call`'s positional and keyword arguments to `signature` and reports surplus
/// positional, unknown, repeated and missing arguments; then calls `set` for every parameter in
/// the signature's order, with the written value or else the default. Stops at the first error.
bool bindCall(const CallExprAST &call, const Signature &signature, const Diagnostics &diag,
              ParamSetter set);

/// A parameter's default as an expression, located in the buffer named "<default>".
const ExprAST &defaultValue(const ParamSpec &spec);

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_BINDER_H
