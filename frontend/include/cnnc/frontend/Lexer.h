// Splits a model file into tokens, each with its location; `#` comments and whitespace vanish.
#ifndef CNNC_FRONTEND_LEXER_H
#define CNNC_FRONTEND_LEXER_H

#include "cnnc/frontend/Location.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace cnnc {

enum class TokenKind {
  Identifier,
  Integer, // digits only; a leading `-` is its own token
  Float,
  String,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Equal,
  Minus,
  EndOfFile,
  Error, // a malformed token; `text` holds the message to report at `loc`
};

struct Token {
  TokenKind kind = TokenKind::EndOfFile;
  std::string text; // the spelling; for strings the text between the quotes
  Location loc;
};

class Lexer {
public:
  /// `file` names the buffer in every token's location.
  Lexer(llvm::StringRef buffer, std::shared_ptr<std::string> file);

  /// The next token; EndOfFile forever once the buffer is consumed.
  Token next();

private:
  char peek(size_t ahead = 0) const;
  char advance();
  Token make(TokenKind kind, std::string text, const Location &loc) const;
  Location here() const;
  void skipBlanksAndComments();
  Token lexNumber();
  Token lexString();

  llvm::StringRef buffer;
  std::shared_ptr<std::string> file;
  size_t pos = 0;
  unsigned line = 1;
  unsigned col = 1;
};

} // namespace cnnc

#endif // CNNC_FRONTEND_LEXER_H
