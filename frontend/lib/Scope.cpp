// Substituting constants and reading Keras's module paths in a statement's expression.
#include "Scope.h"
#include "Signatures.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace cnnc {

Scope::Scope(const std::vector<ImportAST> &imported) {
  for (const ImportAST &import : imported)
    imports[import.name] = import.path;
}

void Scope::define(const std::string &name, ExprPtr value) { constants[name] = std::move(value); }

// `layers.Dense` with `from tensorflow.keras import layers` reads tensorflow.keras.layers.Dense,
// which is Dense: every part but the last is a Keras module.
std::string Scope::canonicalName(llvm::StringRef name) const {
  llvm::StringRef head = name.split('.').first;
  auto import = imports.find(head);
  std::string path =
      import == imports.end() ? name.str() : import->second + name.drop_front(head.size()).str();
  llvm::SmallVector<llvm::StringRef, 4> parts;
  llvm::StringRef(path).split(parts, '.');
  if (parts.size() > 1 && llvm::all_of(llvm::makeArrayRef(parts).drop_back(),
                                       [](llvm::StringRef part) { return isKerasModule(part); }))
    return parts.back().str();
  return parts.size() == 1 ? path : name.str();
}

ExprPtr Scope::resolve(const ExprAST &expr) const { return copy(expr, true); }

// A constant's value is stored resolved, so it is copied without substituting again.
ExprPtr Scope::copy(const ExprAST &expr, bool substitute) const {
  switch (expr.getKind()) {
  case ExprAST::Kind::Integer: {
    const auto &integer = llvm::cast<IntegerExprAST>(expr);
    return std::make_unique<IntegerExprAST>(integer.getLoc(), integer.getValue());
  }
  case ExprAST::Kind::Float: {
    const auto &number = llvm::cast<FloatExprAST>(expr);
    return std::make_unique<FloatExprAST>(number.getLoc(), number.getValue(), number.getSpelling());
  }
  case ExprAST::Kind::String:
    return std::make_unique<StringExprAST>(expr.getLoc(),
                                           llvm::cast<StringExprAST>(expr).getValue());
  case ExprAST::Kind::Name: {
    const std::string &name = llvm::cast<NameExprAST>(expr).getName();
    auto constant = substitute ? constants.find(name) : constants.end();
    if (constant != constants.end())
      return copy(*constant->second, false);
    return std::make_unique<NameExprAST>(expr.getLoc(), canonicalName(name));
  }
  case ExprAST::Kind::Tuple:
  case ExprAST::Kind::List: {
    std::vector<ExprPtr> elements;
    for (const ExprPtr &element : llvm::cast<SequenceExprAST>(expr).getElements())
      elements.push_back(copy(*element, substitute));
    return std::make_unique<SequenceExprAST>(expr.getKind(), expr.getLoc(), std::move(elements));
  }
  case ExprAST::Kind::Dict: {
    std::vector<DictEntryAST> entries;
    for (const DictEntryAST &entry : llvm::cast<DictExprAST>(expr).getEntries())
      entries.push_back(DictEntryAST{entry.key, entry.keyLoc, copy(*entry.value, substitute)});
    return std::make_unique<DictExprAST>(expr.getLoc(), std::move(entries));
  }
  case ExprAST::Kind::Call: {
    const auto &call = llvm::cast<CallExprAST>(expr);
    std::vector<ExprPtr> args;
    for (const ExprPtr &arg : call.getArgs())
      args.push_back(copy(*arg, substitute));
    std::vector<KeywordArgAST> keywords;
    for (const KeywordArgAST &keyword : call.getKeywords())
      keywords.push_back(
          KeywordArgAST{keyword.name, keyword.loc, copy(*keyword.value, substitute)});
    return std::make_unique<CallExprAST>(call.getLoc(), canonicalName(call.getCallee()),
                                         std::move(args), std::move(keywords));
  }
  case ExprAST::Kind::Apply: {
    const auto &apply = llvm::cast<ApplyExprAST>(expr);
    ExprPtr layer = copy(apply.getLayer(), substitute);
    return std::make_unique<ApplyExprAST>(
        apply.getLoc(), std::unique_ptr<CallExprAST>(llvm::cast<CallExprAST>(layer.release())),
        copy(apply.getOperand(), substitute));
  }
  }
  return nullptr;
}

} // namespace cnnc
