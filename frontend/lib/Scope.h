// The names a model file defines besides tensors: Python imports and constants, and how a
// statement's expression reads once they are substituted.
#ifndef CNNC_FRONTEND_LIB_SCOPE_H
#define CNNC_FRONTEND_LIB_SCOPE_H

#include "cnnc/frontend/AST.h"

#include "llvm/ADT/StringMap.h"

namespace cnnc {

class Scope {
public:
  explicit Scope(const std::vector<ImportAST> &imports);

  /// `name = value`: later uses of `name` read `value` (already resolved).
  void define(const std::string &name, ExprPtr value);
  void forget(const std::string &name) { constants.erase(name); }

  /// A copy of `expr` with every constant's name replaced by its value and every Keras name
  /// reached through modules (`keras.layers.Conv2D`, `layers.Dense`, `tf.keras.Input`,
  /// `keras.activations.relu`, an imported alias) written as Keras's bare name. Other dotted
  /// names (`model.add`, `np.zeros`) are kept as written.
  ExprPtr resolve(const ExprAST &expr) const;

private:
  std::string canonicalName(llvm::StringRef name) const;
  ExprPtr copy(const ExprAST &expr, bool substitute) const;

  llvm::StringMap<std::string> imports; // bound name -> dotted path
  llvm::StringMap<ExprPtr> constants;
};

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_SCOPE_H
