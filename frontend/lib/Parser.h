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
  Parser(llvm::SourceMgr &sources, unsigned bufferId);

  /// `model NAME { statement* }` filling the whole buffer.
  std::unique_ptr<ModelAST> parseModel();

  /// One expression filling the whole buffer.
  ExprPtr parseStandaloneExpr();

private:
  bool parseStatement(StatementAST &statement);
  ExprPtr parseExpr();
  ExprPtr parseIdentifierTail(Token name);
  std::unique_ptr<CallExprAST> parseCall(Token callee);
  ExprPtr parseApply(std::unique_ptr<CallExprAST> layer);
  ExprPtr parseSequence(ExprAST::Kind kind);
  ExprPtr parseNumber();

  void consume() { tok = lexer.next(); }
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
  Lexer lexer;
  Token tok;
  unsigned depth = 0;
};

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_PARSER_H
