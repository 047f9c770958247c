// Splits a model file or a Python file into tokens, each with its location; `#` comments and
// whitespace vanish (a Python file keeps the ends of its logical lines).
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
  Dot,
  Colon,
  Operator, // any other Python operator: `/`, `*`, `==`, `+=`, `**`, ...
  Newline,  // Python only: the end of a logical line (outside brackets)
  EndOfFile,
  Error, // a malformed token; `text` holds the message to report at `loc`
};

struct Token {
  TokenKind kind = TokenKind::EndOfFile;
  std::string text; // the spelling; for strings the text between the quotes
  Location loc;
};

/// The model language ignores line ends; Python ends a statement at one outside brackets, joins
/// lines ending in a backslash, and has triple-quoted and prefixed (r'', f"") strings.
enum class Syntax { Model, Python };

class Lexer {
public:
  /// `file` names the buffer in every token's location.
  Lexer(llvm::StringRef buffer, std::shared_ptr<std::string> file, Syntax syntax = Syntax::Model);

  /// The next token; EndOfFile forever once the buffer is consumed.
  Token next();

private:
  char peek(size_t ahead = 0) const;
  char advance();
  Token make(TokenKind kind, std::string text, const Location &loc) const;
  Location here() const;
  /// Skips blanks and comments; in Python stops at a line end outside brackets (true).
  bool skipBlanksAndComments();
  Token lexNumber();
  /// A string at the quote (after any prefix); `loc` is where the string's first token starts.
  Token lexString(const Location &loc);
  Token lexPunctuation(const Location &loc);

  llvm::StringRef buffer;
  std::shared_ptr<std::string> file;
  size_t pos = 0;
  unsigned line = 1;
  unsigned col = 1;
  Syntax syntax;
  unsigned brackets = 0; // open ( [ { in Python
  bool lineOpen = false; // a token since the last Newline
};

} // namespace cnnc

#endif // CNNC_FRONTEND_LEXER_H
