// Argument values: matchers for the forms Keras accepts, and the message when one does not fit.
#ifndef CNNC_FRONTEND_LIB_ARGUMENTS_H
#define CNNC_FRONTEND_LIB_ARGUMENTS_H

#include "Diagnostics.h"
#include "Signatures.h"

#include "cnnc/frontend/AST.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnnc {

std::optional<int64_t> matchInteger(const ExprAST &expr);
std::optional<int64_t> matchPositiveInt(const ExprAST &expr);
/// `n` (meaning `(n, n)`) or `(a, b)`, all positive.
std::optional<std::array<int64_t, 2>> matchPositivePair(const ExprAST &expr);
/// A tuple of positive integers, e.g. `(28, 28, 1)` or `(784,)`.
std::optional<std::vector<int64_t>> matchPositiveTuple(const ExprAST &expr);
/// An integer or a float.
std::optional<double> matchNumber(const ExprAST &expr);
/// An enum word, quoted or bare: `'same'` or `same`.
std::optional<std::string> matchWord(const ExprAST &expr);
/// `True` or `False`.
std::optional<bool> matchBool(const ExprAST &expr);
bool isNone(const ExprAST &expr);
/// Two values Keras treats alike: both None, equal numbers, or equal words.
bool sameValue(const ExprAST &a, const ExprAST &b);

/// One parameter's bound value, with what a message about it must name.
class Argument {
public:
  Argument(const Diagnostics &diag, const Signature &owner, const ParamSpec &spec,
           const ExprAST &value)
      : diag(diag), owner(owner), spec(spec), value(value) {}

  const ExprAST &getValue() const { return value; }
  Param getParam() const { return spec.param; }
  const ParamSpec &getSpec() const { return spec; }
  /// True when the value is the signature's default, not one written in the call.
  bool isDefault() const;

  /// Reports "argument 'KEYWORD' of OWNER must be EXPECTED, got VALUE" at `culprit` (the value
  /// or a part of it) and returns false.
  bool fail(const llvm::Twine &expected) const { return fail(expected, value); }
  bool fail(const llvm::Twine &expected, const ExprAST &culprit) const;

private:
  const Diagnostics &diag;
  const Signature &owner;
  const ParamSpec &spec;
  const ExprAST &value;
};

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_ARGUMENTS_H
