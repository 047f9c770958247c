// A recursive-descent parser from tokens to the syntax tree; stops at the first error.
#ifndef CNNC_FRONTEND_LIB_PARSER_H
#define CNNC_FRONTEND_LIB_PARSER_H

#include "Diagnostics.h"

#include "cnnc/frontend/AST.h"
#include "cnnc/frontend/Lexer.h"

#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace cnnc {

class Parser {
public:
  Parser(llvm::SourceMgr &sources, unsigned bufferId, Syntax syntax = Syntax::Model);

  /// `model NAME { statement* }` filling the whole buffer.
  std::unique_ptr<ModelAST> parseModel();

  /// A Python file: its logical lines, each an import, a statement building the model, or a
  /// statement skipped with a warning (PythonParser.cpp).
  std::unique_ptr<ModelAST> parseScript();

  /// One expression filling the whole buffer.
  ExprPtr parseStandaloneExpr();

private:
  bool parseStatement(StatementAST &statement);
  ExprPtr parseExpr();
  ExprPtr parseIdentifierTail(Token name);
  std::unique_ptr<CallExprAST> parseCall(Token callee);
  ExprPtr parseApply(std::unique_ptr<CallExprAST> layer);
  ExprPtr parseSequence(ExprAST::Kind kind);
  ExprPtr parseDict();
  ExprPtr parseNumber();

  /// What a Python logical line is, told from its tokens alone.
  enum class LineKind { Import, Model, Skipped, Block };
  LineKind classifyLine(size_t end) const;
  bool parseImport(ModelAST &model);
  /// "skipped 'SOURCE LINE'" at the line's first token, with a hint for the Keras calls that
  /// have a cnn command of their own.
  void warnSkipped(const Token &first, LineKind kind) const;
  /// The index of the Newline or EndOfFile that ends the logical line at the current token.
  size_t lineEnd() const;
  void skipTo(size_t end);

  void consume() {
    if (index + 1 < tokens.size())
      ++index;
    tok = tokens[index];
  }
  /// Reports "expected WHAT, found <token>", or the lexer's message when the token is malformed.
  void errorExpected(const llvm::Twine &what) const;
  /// Like errorExpected, with a note at the bracket left open.
  void errorUnclosed(const llvm::Twine &what, llvm::StringRef open, const Location &openLoc) const;

  /// Counts one level of bracket nesting, bounded so that no input can exhaust the stack;
  /// false (after reporting) when the bound is reached.
  class NestingGuard {
  public:
    explicit NestingGuard(Parser &parser);
    ~NestingGuard();
    explicit operator bool() const { return entered; }

  private:
    Parser &parser;
    bool entered = false;
  };

  Diagnostics diag;
  llvm::StringRef buffer;
  std::vector<Token> tokens; // the whole buffer, ending with EndOfFile
  size_t index = 0;
  Token tok; // tokens[index]
  unsigned depth = 0;
};

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_PARSER_H
