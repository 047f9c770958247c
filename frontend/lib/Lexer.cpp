// The model-file lexer.
#include "cnnc/frontend/Lexer.h"

#include "llvm/ADT/StringExtras.h"

namespace cnnc {

namespace {
bool isIdentifierStart(char c) { return llvm::isAlpha(c) || c == '_'; }
bool isIdentifierChar(char c) { return llvm::isAlnum(c) || c == '_'; }
} // namespace

Lexer::Lexer(llvm::StringRef buffer, std::shared_ptr<std::string> file)
    : buffer(buffer), file(std::move(file)) {}

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

void Lexer::skipBlanksAndComments() {
  while (pos < buffer.size()) {
    char c = peek();
    if (c == '#') {
      while (pos < buffer.size() && peek() != '\n')
        advance();
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      advance();
    } else {
      return;
    }
  }
}

Token Lexer::next() {
  skipBlanksAndComments();
  Location loc = here();
  if (pos >= buffer.size())
    return make(TokenKind::EndOfFile, "", loc);

  char c = peek();
  if (isIdentifierStart(c)) {
    size_t start = pos;
    while (isIdentifierChar(peek()))
      advance();
    return make(TokenKind::Identifier, buffer.slice(start, pos).str(), loc);
  }
  if (llvm::isDigit(c) || (c == '.' && llvm::isDigit(peek(1))))
    return lexNumber();
  if (c == '\'' || c == '"')
    return lexString();

  advance();
  switch (c) {
  case '(':
    return make(TokenKind::LParen, "(", loc);
  case ')':
    return make(TokenKind::RParen, ")", loc);
  case '[':
    return make(TokenKind::LBracket, "[", loc);
  case ']':
    return make(TokenKind::RBracket, "]", loc);
  case '{':
    return make(TokenKind::LBrace, "{", loc);
  case '}':
    return make(TokenKind::RBrace, "}", loc);
  case ',':
    return make(TokenKind::Comma, ",", loc);
  case '=':
    return make(TokenKind::Equal, "=", loc);
  case '-':
    return make(TokenKind::Minus, "-", loc);
  default:
    break;
  }
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

// No escapes: strings here are layer names and enum words.
Token Lexer::lexString() {
  Location loc = here();
  char quote = advance();
  size_t start = pos;
  while (pos < buffer.size() && peek() != quote && peek() != '\n')
    advance();
  if (peek() != quote)
    return make(TokenKind::Error, std::string("unterminated string; expected a closing ") + quote,
                loc);
  std::string text = buffer.slice(start, pos).str();
  advance();
  return make(TokenKind::String, std::move(text), loc);
}

} // namespace cnnc
