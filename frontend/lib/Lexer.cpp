// The lexer of model files and Python files.
#include "cnnc/frontend/Lexer.h"

#include "llvm/ADT/StringExtras.h"

namespace cnnc {

namespace {
bool isIdentifierStart(char c) { return llvm::isAlpha(c) || c == '_'; }
bool isIdentifierChar(char c) { return llvm::isAlnum(c) || c == '_'; }

// Python's string prefixes: r'', b'', f'', u'' and the two-letter pairs of r with b or f.
bool isStringPrefix(llvm::StringRef word) {
  std::string lower = word.lower();
  return lower == "r" || lower == "b" || lower == "f" || lower == "u" || lower == "rb" ||
         lower == "br" || lower == "fr" || lower == "rf";
}
} // namespace

Lexer::Lexer(llvm::StringRef buffer, std::shared_ptr<std::string> file, Syntax syntax)
    : buffer(buffer), file(std::move(file)), syntax(syntax) {}

char Lexer::peek(size_t ahead) const {
  return pos + ahead < buffer.size() ? buffer[pos + ahead] : '\0';
}

char Lexer::advance() {
  char c = buffer[pos++];
  if (c == '\n') {
    ++line;
    col = 1;
  } else {
    ++col;
  }
  return c;
}

Location Lexer::here() const { return Location{file, line, col}; }

Token Lexer::make(TokenKind kind, std::string text, const Location &loc) const {
  return Token{kind, std::move(text), loc};
}

bool Lexer::skipBlanksAndComments() {
  bool python = syntax == Syntax::Python;
  while (pos < buffer.size()) {
    char c = peek();
    if (c == '#') {
      while (pos < buffer.size() && peek() != '\n')
        advance();
    } else if (c == '\n' && python && brackets == 0 && lineOpen) {
      return true;
    } else if (c == '\\' && python && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
      advance();
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      advance();
    } else {
      return false;
    }
  }
  return python && lineOpen;
}

Token Lexer::next() {
  if (skipBlanksAndComments()) {
    Location loc = here();
    if (pos < buffer.size())
      advance();
    lineOpen = false;
    return make(TokenKind::Newline, "end of line", loc);
  }
  Location loc = here();
  if (pos >= buffer.size())
    return make(TokenKind::EndOfFile, "", loc);
  lineOpen = true;

  char c = peek();
  if (isIdentifierStart(c)) {
    size_t start = pos;
    while (isIdentifierChar(peek()))
      advance();
    llvm::StringRef word = buffer.slice(start, pos);
    if (syntax == Syntax::Python && (peek() == '\'' || peek() == '"') && isStringPrefix(word))
      return lexString(loc);
    return make(TokenKind::Identifier, word.str(), loc);
  }
  if (llvm::isDigit(c) || (c == '.' && llvm::isDigit(peek(1))))
    return lexNumber();
  if (c == '\'' || c == '"')
    return lexString(loc);
  return lexPunctuation(loc);
}

Token Lexer::lexPunctuation(const Location &loc) {
  char c = advance();
  // Brackets are counted in Python, where a line end inside them does not end the statement.
  bool python = syntax == Syntax::Python;
  auto open = [&](TokenKind kind, const char *text) {
    brackets += python;
    return make(kind, text, loc);
  };
  auto close = [&](TokenKind kind, const char *text) {
    brackets -= python && brackets > 0;
    return make(kind, text, loc);
  };
  // Two-character operators: an operator character followed by '=' (==, +=, <=, :=, ...), or
  // **, //, ->, <<, >>.
  llvm::StringRef operators = "+-*/%@<>!&|^~=:";
  if (operators.contains(c) && c != '~' &&
      (peek() == '=' || (peek() == c && llvm::StringRef("*/<>").contains(c)) ||
       (c == '-' && peek() == '>')))
    return make(TokenKind::Operator, std::string{c, advance()}, loc);
  switch (c) {
  case '(':
    return open(TokenKind::LParen, "(");
  case ')':
    return close(TokenKind::RParen, ")");
  case '[':
    return open(TokenKind::LBracket, "[");
  case ']':
    return close(TokenKind::RBracket, "]");
  case '{':
    return open(TokenKind::LBrace, "{");
  case '}':
    return close(TokenKind::RBrace, "}");
  case ',':
    return make(TokenKind::Comma, ",", loc);
  case '=':
    return make(TokenKind::Equal, "=", loc);
  case '-':
    return make(TokenKind::Minus, "-", loc);
  case '.':
    return make(TokenKind::Dot, ".", loc);
  case ':':
    return make(TokenKind::Colon, ":", loc);
  default:
    break;
  }
  if (operators.contains(c) || c == ';')
    return make(TokenKind::Operator, std::string(1, c), loc);
  if (llvm::isPrint(c))
    return make(TokenKind::Error, std::string("unexpected character '") + c + "'", loc);
  return make(TokenKind::Error,
              "unexpected byte 0x" + llvm::utohexstr(static_cast<unsigned char>(c)), loc);
}

// digits [. digits] [e [+-] digits], or . digits [...]; a number glued to letters is malformed.
Token Lexer::lexNumber() {
  Location loc = here();
  size_t start = pos;
  bool isFloat = false;
  while (llvm::isDigit(peek()))
    advance();
  if (peek() == '.') {
    isFloat = true;
    advance();
    while (llvm::isDigit(peek()))
      advance();
  }
  if ((peek() == 'e' || peek() == 'E') &&
      (llvm::isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && llvm::isDigit(peek(2))))) {
    isFloat = true;
    advance();
    if (!llvm::isDigit(peek()))
      advance();
    while (llvm::isDigit(peek()))
      advance();
  }
  if (isIdentifierChar(peek()) || peek() == '.') {
    while (isIdentifierChar(peek()) || peek() == '.')
      advance();
    return make(TokenKind::Error, "invalid number '" + buffer.slice(start, pos).str() + "'", loc);
  }
  return make(isFloat ? TokenKind::Float : TokenKind::Integer, buffer.slice(start, pos).str(), loc);
}

// The text is kept as written: strings here are layer names, enum words and file names. In
// Python a backslash escapes the next character and a string may be triple-quoted.
Token Lexer::lexString(const Location &loc) {
  char quote = advance();
  bool python = syntax == Syntax::Python;
  bool triple = python && peek() == quote && peek(1) == quote;
  if (triple) {
    advance();
    advance();
  }
  auto closes = [&] {
    return peek() == quote && (!triple || (peek(1) == quote && peek(2) == quote));
  };
  size_t start = pos;
  while (pos < buffer.size() && !closes() && (triple || peek() != '\n')) {
    if (python && peek() == '\\' && pos + 1 < buffer.size())
      advance();
    advance();
  }
  if (pos >= buffer.size() || !closes())
    return make(TokenKind::Error,
                std::string("unterminated string; expected a closing ") +
                    (triple ? std::string(3, quote) : std::string(1, quote)),
                loc);
  std::string text = buffer.slice(start, pos).str();
  for (int i = triple ? 3 : 1; i > 0; --i)
    advance();
  return make(TokenKind::String, std::move(text), loc);
}

} // namespace cnnc
