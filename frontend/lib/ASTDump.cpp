// Printing the syntax tree: the indented dump of `cnnc --emit=ast`, and expressions as source.
#include "cnnc/frontend/AST.h"
#include "cnnc/frontend/Frontend.h"

namespace cnnc {

namespace {

void printList(const std::vector<ExprPtr> &elements, llvm::raw_ostream &os) {
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i)
      os << ", ";
    printExpr(*elements[i], os);
  }
}

class ASTDumper {
public:
  explicit ASTDumper(llvm::raw_ostream &os) : os(os) {}

  void dump(const ModelAST &model) {
    os << (model.script ? "Script" : "Model '" + model.name + "'") << " @"
       << (model.loc.file ? *model.loc.file : "") << ":" << model.loc.line << ":" << model.loc.col
       << "\n";
    for (const ImportAST &import : model.imports) {
      line(1) << "Import '" << import.name << "' = " << import.path;
      at(import.loc);
    }
    for (const StatementAST &statement : model.statements) {
      line(1) << (statement.target.empty() ? "Statement" : "Assign '" + statement.target + "'");
      at(statement.loc);
      dump(*statement.value, 2);
    }
  }

private:
  llvm::raw_ostream &line(unsigned depth) { return os.indent(2 * depth); }
  void at(const Location &loc) { os << " @" << loc.line << ":" << loc.col << "\n"; }

  void dump(const ExprAST &expr, unsigned depth) {
    llvm::raw_ostream &out = line(depth);
    switch (expr.getKind()) {
    case ExprAST::Kind::Integer:
      out << "Integer " << llvm::cast<IntegerExprAST>(expr).getValue();
      break;
    case ExprAST::Kind::Float:
      out << "Float " << llvm::cast<FloatExprAST>(expr).getSpelling();
      break;
    case ExprAST::Kind::String:
      out << "String '" << llvm::cast<StringExprAST>(expr).getValue() << "'";
      break;
    case ExprAST::Kind::Name:
      out << "Name " << llvm::cast<NameExprAST>(expr).getName();
      break;
    case ExprAST::Kind::Tuple:
    case ExprAST::Kind::List:
      out << (expr.getKind() == ExprAST::Kind::List ? "List" : "Tuple");
      at(expr.getLoc());
      for (const ExprPtr &element : llvm::cast<SequenceExprAST>(expr).getElements())
        dump(*element, depth + 1);
      return;
    case ExprAST::Kind::Dict:
      out << "Dict";
      at(expr.getLoc());
      for (const DictEntryAST &entry : llvm::cast<DictExprAST>(expr).getEntries()) {
        line(depth + 1) << "Key '" << entry.key << "'";
        at(entry.keyLoc);
        dump(*entry.value, depth + 2);
      }
      return;
    case ExprAST::Kind::Call: {
      const auto &call = llvm::cast<CallExprAST>(expr);
      out << "Call '" << call.getCallee() << "'";
      at(call.getLoc());
      for (const ExprPtr &arg : call.getArgs())
        dump(*arg, depth + 1);
      for (const KeywordArgAST &keyword : call.getKeywords()) {
        line(depth + 1) << "Keyword '" << keyword.name << "'";
        at(keyword.loc);
        dump(*keyword.value, depth + 2);
      }
      return;
    }
    case ExprAST::Kind::Apply: {
      const auto &apply = llvm::cast<ApplyExprAST>(expr);
      out << "Apply";
      at(apply.getLoc());
      dump(apply.getLayer(), depth + 1);
      dump(apply.getOperand(), depth + 1);
      return;
    }
    }
    at(expr.getLoc());
  }

  llvm::raw_ostream &os;
};

} // namespace

void printExpr(const ExprAST &expr, llvm::raw_ostream &os) {
  switch (expr.getKind()) {
  case ExprAST::Kind::Integer:
    os << llvm::cast<IntegerExprAST>(expr).getValue();
    return;
  case ExprAST::Kind::Float:
    os << llvm::cast<FloatExprAST>(expr).getSpelling();
    return;
  case ExprAST::Kind::String:
    os << "'" << llvm::cast<StringExprAST>(expr).getValue() << "'";
    return;
  case ExprAST::Kind::Name:
    os << llvm::cast<NameExprAST>(expr).getName();
    return;
  case ExprAST::Kind::Tuple:
  case ExprAST::Kind::List: {
    const auto &sequence = llvm::cast<SequenceExprAST>(expr);
    os << (sequence.isList() ? "[" : "(");
    printList(sequence.getElements(), os);
    if (!sequence.isList() && sequence.getElements().size() == 1)
      os << ",";
    os << (sequence.isList() ? "]" : ")");
    return;
  }
  case ExprAST::Kind::Dict: {
    os << "{";
    const char *separator = "";
    for (const DictEntryAST &entry : llvm::cast<DictExprAST>(expr).getEntries()) {
      os << separator << "'" << entry.key << "': ";
      printExpr(*entry.value, os);
      separator = ", ";
    }
    os << "}";
    return;
  }
  case ExprAST::Kind::Call: {
    const auto &call = llvm::cast<CallExprAST>(expr);
    bool hasArgs = !call.getArgs().empty() || !call.getKeywords().empty();
    os << call.getCallee() << (hasArgs ? "(...)" : "()");
    return;
  }
  case ExprAST::Kind::Apply: {
    const auto &apply = llvm::cast<ApplyExprAST>(expr);
    printExpr(apply.getLayer(), os);
    os << "(";
    printExpr(apply.getOperand(), os);
    os << ")";
    return;
  }
  }
}

void dumpAST(const ModelAST &ast, llvm::raw_ostream &os) { ASTDumper(os).dump(ast); }

} // namespace cnnc
