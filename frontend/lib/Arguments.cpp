// Argument value matchers and the "must be ..., got ..." message.
#include "Arguments.h"
#include "Binder.h"

namespace cnnc {

std::optional<int64_t> matchInteger(const ExprAST &expr) {
  if (const auto *integer = llvm::dyn_cast<IntegerExprAST>(&expr))
    return integer->getValue();
  return std::nullopt;
}

std::optional<int64_t> matchPositiveInt(const ExprAST &expr) {
  std::optional<int64_t> value = matchInteger(expr);
  if (value && *value > 0)
    return value;
  return std::nullopt;
}

std::optional<std::array<int64_t, 2>> matchPositivePair(const ExprAST &expr) {
  if (std::optional<int64_t> value = matchPositiveInt(expr))
    return std::array<int64_t, 2>{*value, *value};
  std::optional<std::vector<int64_t>> tuple = matchPositiveTuple(expr);
  if (tuple && tuple->size() == 2)
    return std::array<int64_t, 2>{(*tuple)[0], (*tuple)[1]};
  return std::nullopt;
}

std::optional<std::vector<int64_t>> matchPositiveTuple(const ExprAST &expr) {
  const auto *tuple = llvm::dyn_cast<SequenceExprAST>(&expr);
  if (!tuple || tuple->isList())
    return std::nullopt;
  std::vector<int64_t> values;
  for (const ExprPtr &element : tuple->getElements()) {
    std::optional<int64_t> value = matchPositiveInt(*element);
    if (!value)
      return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

std::optional<double> matchNumber(const ExprAST &expr) {
  if (const auto *number = llvm::dyn_cast<FloatExprAST>(&expr))
    return number->getValue();
  if (std::optional<int64_t> integer = matchInteger(expr))
    return static_cast<double>(*integer);
  return std::nullopt;
}

std::optional<std::string> matchWord(const ExprAST &expr) {
  if (const auto *string = llvm::dyn_cast<StringExprAST>(&expr))
    return string->getValue();
  if (const auto *name = llvm::dyn_cast<NameExprAST>(&expr))
    return name->getName();
  return std::nullopt;
}

std::optional<bool> matchBool(const ExprAST &expr) {
  const auto *name = llvm::dyn_cast<NameExprAST>(&expr);
  if (name && name->getName() == "True")
    return true;
  if (name && name->getName() == "False")
    return false;
  return std::nullopt;
}

bool isNone(const ExprAST &expr) {
  const auto *name = llvm::dyn_cast<NameExprAST>(&expr);
  return name && name->getName() == "None";
}

bool sameValue(const ExprAST &a, const ExprAST &b) {
  if (isNone(a) || isNone(b))
    return isNone(a) && isNone(b);
  std::optional<double> x = matchNumber(a), y = matchNumber(b);
  if (x || y)
    return x && y && *x == *y;
  std::optional<std::string> u = matchWord(a), v = matchWord(b);
  return u && v && *u == *v;
}

bool Argument::isDefault() const { return spec.defaultValue && &value == &defaultValue(spec); }

namespace {

bool takesText(Param param) {
  switch (param) {
  case Param::Padding:
  case Param::Activation:
  case Param::Name:
  case Param::Optimizer:
  case Param::Loss:
  case Param::Metrics:
  case Param::Monitor:
  case Param::Mode:
  case Param::CheckpointPath:
  case Param::HistoryPath:
    return true;
  default:
    return false;
  }
}

} // namespace

// A string where no text belongs is named by its kind: "got a string" says more than "got '32'"
// about why 32 in quotes is not a number.
bool Argument::fail(const llvm::Twine &expected, const ExprAST &culprit) const {
  std::string got;
  if (llvm::isa<StringExprAST>(culprit) && !takesText(spec.param)) {
    got = "a string";
  } else {
    llvm::raw_string_ostream os(got);
    printExpr(culprit, os);
  }
  diag.error(culprit.getLoc(), "argument '" + spec.keyword + "' of " + owner.name + " must be " +
                                   expected + ", got " + got);
  return false;
}

} // namespace cnnc
