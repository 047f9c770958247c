// The model-file parser.
#include "Parser.h"

#include "cnnc/frontend/Frontend.h"

#include <cmath>

namespace cnnc {

namespace {

constexpr unsigned maxNestingDepth = 200;
// Longer numbers are refused before they are converted (LLVM's conversion recurses on them).
constexpr size_t maxNumberLength = 100;

std::string describe(const Token &tok) {
  switch (tok.kind) {
  case TokenKind::EndOfFile:
    return "end of file";
  case TokenKind::Newline:
    return "end of line";
  case TokenKind::String:
    return "string '" + tok.text + "'";
  default:
    return "'" + tok.text + "'";
  }
}

std::shared_ptr<std::string> bufferName(llvm::SourceMgr &sources, unsigned bufferId) {
  return std::make_shared<std::string>(
      sources.getMemoryBuffer(bufferId)->getBufferIdentifier().str());
}

} // namespace

Parser::Parser(llvm::SourceMgr &sources, unsigned bufferId, Syntax syntax)
    : diag(sources), buffer(sources.getMemoryBuffer(bufferId)->getBuffer()) {
  Lexer lexer(buffer, bufferName(sources, bufferId), syntax);
  do
    tokens.push_back(lexer.next());
  while (tokens.back().kind != TokenKind::EndOfFile);
  tok = tokens.front();
}

void Parser::errorExpected(const llvm::Twine &what) const {
  if (tok.kind == TokenKind::Error)
    diag.error(tok.loc, tok.text);
  else
    diag.error(tok.loc, "expected " + what + ", found " + describe(tok));
}

void Parser::errorUnclosed(const llvm::Twine &what, llvm::StringRef open,
                           const Location &openLoc) const {
  errorExpected(what);
  if (tok.kind != TokenKind::Error)
    diag.note(openLoc, "to match this '" + open + "'");
}

// Every cycle of the recursion passes through parseCall, parseApply, parseSequence or
// parseDict, which count it.
Parser::NestingGuard::NestingGuard(Parser &parser) : parser(parser) {
  if (parser.depth == maxNestingDepth)
    parser.diag.error(parser.tok.loc, "expression nested too deeply");
  else
    entered = ++parser.depth;
}

Parser::NestingGuard::~NestingGuard() {
  if (entered)
    --parser.depth;
}

std::unique_ptr<ModelAST> Parser::parseModel() {
  if (tok.kind != TokenKind::Identifier || tok.text != "model") {
    // With nothing but comments there is no token to point at; the model belongs at the top.
    if (tok.kind == TokenKind::EndOfFile)
      tok.loc = Location{tok.loc.file, 1, 1};
    errorExpected("'model NAME { ... }'");
    return nullptr;
  }
  auto model = std::make_unique<ModelAST>();
  model->loc = tok.loc;
  consume();
  if (tok.kind != TokenKind::Identifier) {
    errorExpected("the model's name after 'model'");
    return nullptr;
  }
  model->name = tok.text;
  model->nameLoc = tok.loc;
  consume();
  if (tok.kind != TokenKind::LBrace) {
    errorExpected("'{' after the model's name");
    return nullptr;
  }
  Location open = tok.loc;
  consume();
  while (tok.kind != TokenKind::RBrace) {
    if (tok.kind == TokenKind::EndOfFile) {
      errorUnclosed("'}' to close model '" + model->name + "'", "{", open);
      return nullptr;
    }
    model->statements.emplace_back();
    if (!parseStatement(model->statements.back()))
      return nullptr;
  }
  consume();
  if (tok.kind != TokenKind::EndOfFile) {
    errorExpected("end of file after the model's closing '}'");
    return nullptr;
  }
  return model;
}

ExprPtr Parser::parseStandaloneExpr() {
  ExprPtr expr = parseExpr();
  if (expr && tok.kind != TokenKind::EndOfFile) {
    errorExpected("end of input");
    return nullptr;
  }
  return expr;
}

// statement := IDENT '=' expr | IDENT call-tail
bool Parser::parseStatement(StatementAST &statement) {
  statement.loc = tok.loc;
  if (tok.kind != TokenKind::Identifier) {
    errorExpected("a statement (a layer call or 'NAME = ...')");
    return false;
  }
  Token name = tok;
  consume();
  if (tok.kind == TokenKind::Equal) {
    consume();
    statement.target = name.text;
    statement.targetLoc = name.loc;
    statement.value = parseExpr();
  } else {
    statement.value = parseIdentifierTail(std::move(name));
  }
  return statement.value != nullptr;
}

ExprPtr Parser::parseExpr() {
  switch (tok.kind) {
  case TokenKind::Identifier: {
    Token name = tok;
    consume();
    return parseIdentifierTail(std::move(name));
  }
  case TokenKind::Integer:
  case TokenKind::Float:
  case TokenKind::Minus:
    return parseNumber();
  case TokenKind::String: {
    auto expr = std::make_unique<StringExprAST>(tok.loc, tok.text);
    consume();
    return expr;
  }
  case TokenKind::LParen:
    return parseSequence(ExprAST::Kind::Tuple);
  case TokenKind::LBracket:
    return parseSequence(ExprAST::Kind::List);
  case TokenKind::LBrace:
    return parseDict();
  default:
    errorExpected("a value");
    return nullptr;
  }
}

// After an identifier: the rest of a dotted name, then a bare name, a call, or a call applied to
// an operand.
ExprPtr Parser::parseIdentifierTail(Token name) {
  while (tok.kind == TokenKind::Dot) {
    consume();
    if (tok.kind != TokenKind::Identifier) {
      errorExpected("a name after '" + name.text + ".'");
      return nullptr;
    }
    name.text += "." + tok.text;
    consume();
  }
  if (tok.kind != TokenKind::LParen)
    return std::make_unique<NameExprAST>(name.loc, name.text);
  std::unique_ptr<CallExprAST> call = parseCall(std::move(name));
  if (!call)
    return nullptr;
  if (tok.kind != TokenKind::LParen)
    return call;
  return parseApply(std::move(call));
}

// '(' [positional {',' positional}] [keyword {',' keyword}] [','] ')'
std::unique_ptr<CallExprAST> Parser::parseCall(Token callee) {
  Location open = tok.loc;
  NestingGuard nesting(*this);
  if (!nesting)
    return nullptr;
  consume();
  std::vector<ExprPtr> args;
  std::vector<KeywordArgAST> keywords;
  while (tok.kind != TokenKind::RParen) {
    ExprPtr positional;
    if (tok.kind == TokenKind::Identifier) {
      Token name = tok;
      consume();
      if (tok.kind == TokenKind::Equal) {
        consume();
        ExprPtr value = parseExpr();
        if (!value)
          return nullptr;
        keywords.push_back(KeywordArgAST{name.text, name.loc, std::move(value)});
      } else if (!(positional = parseIdentifierTail(std::move(name)))) {
        return nullptr;
      }
    } else if (!(positional = parseExpr())) {
      return nullptr;
    }
    if (positional) {
      if (!keywords.empty()) {
        diag.error(positional->getLoc(), "positional argument follows keyword argument");
        return nullptr;
      }
      args.push_back(std::move(positional));
    }
    if (tok.kind == TokenKind::Comma) {
      consume();
    } else if (tok.kind != TokenKind::RParen) {
      errorUnclosed("',' or ')' after an argument of '" + callee.text + "'", "(", open);
      return nullptr;
    }
  }
  consume();
  return std::make_unique<CallExprAST>(callee.loc, callee.text, std::move(args),
                                       std::move(keywords));
}

// layer-call '(' operand ')'
ExprPtr Parser::parseApply(std::unique_ptr<CallExprAST> layer) {
  Location open = tok.loc;
  NestingGuard nesting(*this);
  if (!nesting)
    return nullptr;
  consume();
  ExprPtr operand = parseExpr();
  if (!operand)
    return nullptr;
  if (tok.kind == TokenKind::Comma) {
    diag.error(tok.loc, "a layer is applied to one tensor or to a list of tensors; write '" +
                            layer->getCallee() + "(...)([a, b])'");
    return nullptr;
  }
  if (tok.kind != TokenKind::RParen) {
    errorUnclosed("')' after the input of '" + layer->getCallee() + "'", "(", open);
    return nullptr;
  }
  consume();
  if (tok.kind == TokenKind::LParen) {
    diag.error(tok.loc, "a layer's output is a tensor and cannot be applied to anything");
    return nullptr;
  }
  return std::make_unique<ApplyExprAST>(open, std::move(layer), std::move(operand));
}

// '(' ')' | '(' expr ')' (just expr) | '(' expr ',' {expr ','} [expr] ')' | '[' ... ']'
ExprPtr Parser::parseSequence(ExprAST::Kind kind) {
  bool isList = kind == ExprAST::Kind::List;
  TokenKind close = isList ? TokenKind::RBracket : TokenKind::RParen;
  Location open = tok.loc;
  NestingGuard nesting(*this);
  if (!nesting)
    return nullptr;
  consume();
  std::vector<ExprPtr> elements;
  bool trailingComma = false;
  while (tok.kind != close) {
    ExprPtr element = parseExpr();
    if (!element)
      return nullptr;
    elements.push_back(std::move(element));
    trailingComma = tok.kind == TokenKind::Comma;
    if (trailingComma) {
      consume();
    } else if (tok.kind != close) {
      errorUnclosed(isList ? "',' or ']'" : "',' or ')'", isList ? "[" : "(", open);
      return nullptr;
    }
  }
  consume();
  if (!isList && elements.size() == 1 && !trailingComma)
    return std::move(elements.front());
  return std::make_unique<SequenceExprAST>(kind, open, std::move(elements));
}

// '{' [string ':' expr {',' string ':' expr} [',']] '}'
ExprPtr Parser::parseDict() {
  Location open = tok.loc;
  NestingGuard nesting(*this);
  if (!nesting)
    return nullptr;
  consume();
  std::vector<DictEntryAST> entries;
  while (tok.kind != TokenKind::RBrace) {
    if (tok.kind != TokenKind::String) {
      if (tok.kind == TokenKind::Error || tok.kind == TokenKind::EndOfFile)
        errorUnclosed("a string key or '}'", "{", open);
      else
        diag.error(tok.loc,
                   "a dict key must be a string (an output's name), found " + describe(tok));
      return nullptr;
    }
    DictEntryAST entry{tok.text, tok.loc, nullptr};
    consume();
    if (tok.kind != TokenKind::Colon) {
      errorExpected("':' after the key '" + entry.key + "'");
      return nullptr;
    }
    consume();
    if (!(entry.value = parseExpr()))
      return nullptr;
    entries.push_back(std::move(entry));
    if (tok.kind == TokenKind::Comma) {
      consume();
    } else if (tok.kind != TokenKind::RBrace) {
      errorUnclosed("',' or '}'", "{", open);
      return nullptr;
    }
  }
  consume();
  return std::make_unique<DictExprAST>(open, std::move(entries));
}

// ['-'] (integer | float)
ExprPtr Parser::parseNumber() {
  Location loc = tok.loc;
  std::string spelling;
  if (tok.kind == TokenKind::Minus) {
    spelling = "-";
    consume();
    if (tok.kind != TokenKind::Integer && tok.kind != TokenKind::Float) {
      errorExpected("a number after '-'");
      return nullptr;
    }
  }
  spelling += tok.text;
  bool isInteger = tok.kind == TokenKind::Integer;
  consume();
  if (spelling.size() > maxNumberLength) {
    diag.error(loc, "a number of " + std::to_string(spelling.size()) +
                        " characters is too long (at most " + std::to_string(maxNumberLength) +
                        ")");
    return nullptr;
  }
  if (isInteger) {
    int64_t value = 0;
    if (llvm::StringRef(spelling).getAsInteger(10, value)) {
      diag.error(loc, "integer '" + spelling + "' is too large");
      return nullptr;
    }
    return std::make_unique<IntegerExprAST>(loc, value);
  }
  double value = 0;
  if (llvm::StringRef(spelling).getAsDouble(value)) {
    diag.error(loc, "invalid number '" + spelling + "'");
    return nullptr;
  }
  if (!std::isfinite(value)) { // it would reach the generated C as 'inf'
    diag.error(loc, "number '" + spelling + "' is too large for a double");
    return nullptr;
  }
  return std::make_unique<FloatExprAST>(loc, value, spelling);
}

std::unique_ptr<ModelAST> parseModel(llvm::SourceMgr &sources, unsigned bufferId) {
  return Parser(sources, bufferId).parseModel();
}

std::unique_ptr<ModelAST> parseScript(llvm::SourceMgr &sources, unsigned bufferId) {
  return Parser(sources, bufferId, Syntax::Python).parseScript();
}

} // namespace cnnc
