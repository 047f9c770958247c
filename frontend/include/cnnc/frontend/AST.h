// The syntax tree of a model file, as written: no names resolved, no arguments bound.
#ifndef CNNC_FRONTEND_AST_H
#define CNNC_FRONTEND_AST_H

#include "cnnc/frontend/Location.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cnnc {

/// An expression. Kinds are told apart with llvm::isa / llvm::dyn_cast.
class ExprAST {
public:
  enum class Kind { Integer, Float, String, Name, Tuple, List, Dict, Call, Apply };

  ExprAST(Kind kind, Location loc) : kind(kind), loc(std::move(loc)) {}
  virtual ~ExprAST() = default;

  Kind getKind() const { return kind; }
  const Location &getLoc() const { return loc; }

private:
  const Kind kind;
  Location loc;
};

using ExprPtr = std::unique_ptr<ExprAST>;

/// `32`, `-3`.
class IntegerExprAST : public ExprAST {
public:
  IntegerExprAST(Location loc, int64_t value)
      : ExprAST(Kind::Integer, std::move(loc)), value(value) {}
  int64_t getValue() const { return value; }
  static bool classof(const ExprAST *e) { return e->getKind() == Kind::Integer; }

private:
  int64_t value;
};

/// `0.4`, `1e-3`; the spelling is kept so that dumps and messages show what was written.
class FloatExprAST : public ExprAST {
public:
  FloatExprAST(Location loc, double value, std::string spelling)
      : ExprAST(Kind::Float, std::move(loc)), value(value), spelling(std::move(spelling)) {}
  double getValue() const { return value; }
  const std::string &getSpelling() const { return spelling; }
  static bool classof(const ExprAST *e) { return e->getKind() == Kind::Float; }

private:
  double value;
  std::string spelling;
};

/// `'relu'` or `"relu"`; the value is the text between the quotes.
class StringExprAST : public ExprAST {
public:
  StringExprAST(Location loc, std::string value)
      : ExprAST(Kind::String, std::move(loc)), value(std::move(value)) {}
  const std::string &getValue() const { return value; }
  static bool classof(const ExprAST *e) { return e->getKind() == Kind::String; }

private:
  std::string value;
};

/// A bare identifier: a tensor name, or an enum word such as `same`, `None`, `True`; or a dotted
/// name such as `keras.activations.relu`.
class NameExprAST : public ExprAST {
public:
  NameExprAST(Location loc, std::string name)
      : ExprAST(Kind::Name, std::move(loc)), name(std::move(name)) {}
  const std::string &getName() const { return name; }
  static bool classof(const ExprAST *e) { return e->getKind() == Kind::Name; }

private:
  std::string name;
};

/// `(a, b)` (kind Tuple) or `[a, b]` (kind List). A parenthesized single expression without a
/// trailing comma is that expression, as in Python, and never a tuple.
class SequenceExprAST : public ExprAST {
public:
  SequenceExprAST(Kind kind, Location loc, std::vector<ExprPtr> elements)
      : ExprAST(kind, std::move(loc)), elements(std::move(elements)) {}
  bool isList() const { return getKind() == Kind::List; }
  const std::vector<ExprPtr> &getElements() const { return elements; }
  static bool classof(const ExprAST *e) {
    return e->getKind() == Kind::Tuple || e->getKind() == Kind::List;
  }

private:
  std::vector<ExprPtr> elements;
};

/// One `'key': value` of a dict.
struct DictEntryAST {
  std::string key; // the text between the key's quotes
  Location keyLoc;
  ExprPtr value;
};

/// `{'class': 'mse', "size": [1, 2]}`: string keys only, as compile() takes them.
class DictExprAST : public ExprAST {
public:
  DictExprAST(Location loc, std::vector<DictEntryAST> entries)
      : ExprAST(Kind::Dict, std::move(loc)), entries(std::move(entries)) {}
  const std::vector<DictEntryAST> &getEntries() const { return entries; }
  static bool classof(const ExprAST *e) { return e->getKind() == Kind::Dict; }

private:
  std::vector<DictEntryAST> entries;
};

/// `name=value` inside a call.
struct KeywordArgAST {
  std::string name;
  Location loc; // the keyword
  ExprPtr value;
};

/// `Conv2D(32, kernel_size=3)`: positional arguments, then keyword arguments. The callee may be
/// dotted (`keras.layers.Conv2D`, `model.add`). The location is the callee's identifier.
class CallExprAST : public ExprAST {
public:
  CallExprAST(Location loc, std::string callee, std::vector<ExprPtr> args,
              std::vector<KeywordArgAST> keywords)
      : ExprAST(Kind::Call, std::move(loc)), callee(std::move(callee)), args(std::move(args)),
        keywords(std::move(keywords)) {}
  const std::string &getCallee() const { return callee; }
  const std::vector<ExprPtr> &getArgs() const { return args; }
  const std::vector<KeywordArgAST> &getKeywords() const { return keywords; }
  static bool classof(const ExprAST *e) { return e->getKind() == Kind::Call; }

private:
  std::string callee;
  std::vector<ExprPtr> args;
  std::vector<KeywordArgAST> keywords;
};

/// `Conv2D(32, 3)(x)`: a layer call applied to a tensor expression (a name, a list, or another
/// application). The location is the `(` that opens the operand.
class ApplyExprAST : public ExprAST {
public:
  ApplyExprAST(Location loc, std::unique_ptr<CallExprAST> layer, ExprPtr operand)
      : ExprAST(Kind::Apply, std::move(loc)), layer(std::move(layer)), operand(std::move(operand)) {
  }
  const CallExprAST &getLayer() const { return *layer; }
  const ExprAST &getOperand() const { return *operand; }
  static bool classof(const ExprAST *e) { return e->getKind() == Kind::Apply; }

private:
  std::unique_ptr<CallExprAST> layer;
  ExprPtr operand;
};

/// `[target =] value`. `target` is empty when the statement assigns nothing.
struct StatementAST {
  Location loc; // the first token of the statement
  std::string target;
  Location targetLoc;
  ExprPtr value;
};

/// A Python import: `name` stands for the dotted `path` (`import tensorflow as tf`: tf ->
/// tensorflow; `from keras import layers`: layers -> keras.layers).
struct ImportAST {
  std::string name;
  std::string path;
  Location loc;
};

/// `model NAME { statements }`, or a Python file's statements that build a Keras model (the rest
/// skipped with a warning each).
struct ModelAST {
  std::string
      name;     // empty in a Python file, where Sequential(name=...) or Keras's default names it
  Location loc; // the `model` keyword, or the file's first line
  Location nameLoc;    // the model's name
  bool script = false; // a Python file
  std::vector<ImportAST> imports;
  std::vector<StatementAST> statements;
};

/// Prints an expression back as compact source text, e.g. `(3, 3)` or `Dense(...)(x)`; call
/// arguments are elided. Used by messages that quote a value.
void printExpr(const ExprAST &expr, llvm::raw_ostream &os);

} // namespace cnnc

#endif // CNNC_FRONTEND_AST_H
