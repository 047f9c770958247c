// Reading a Python file's Keras code: each logical line is an import, a statement that builds the
// model (parsed by the model language's grammar), or a statement skipped with a warning.
#include "Parser.h"
#include "Signatures.h"

#include "llvm/ADT/StringSet.h"

namespace cnnc {

namespace {

bool isWord(const Token &tok, llvm::StringRef word) {
  return tok.kind == TokenKind::Identifier && tok.text == word;
}

// Statements that open an indented block; the block is skipped with its header.
bool opensBlock(const Token &tok) {
  static const llvm::StringSet<> keywords = {"if",      "elif",  "else",  "for", "while",
                                             "def",     "class", "with",  "try", "except",
                                             "finally", "async", "match", "case"};
  return tok.kind == TokenKind::Identifier && keywords.contains(tok.text);
}

// Tokens a constant's value may hold: `10`, `(28, 28, 1)`, `'relu'`, `-1e-3`, `[a, b]`.
bool isLiteralToken(TokenKind kind) {
  switch (kind) {
  case TokenKind::Integer:
  case TokenKind::Float:
  case TokenKind::String:
  case TokenKind::Minus:
  case TokenKind::LParen:
  case TokenKind::RParen:
  case TokenKind::LBracket:
  case TokenKind::RBracket:
  case TokenKind::Comma:
  case TokenKind::Identifier:
    return true;
  default:
    return false;
  }
}

// Keras calls with a cnn command of their own, named in the skip warning.
const char *hintFor(llvm::StringRef method) {
  if (method == "summary")
    return "; 'cnn summary M.so' prints the model's table";
  if (method == "evaluate")
    return "; 'cnn evaluate M.so' evaluates the model";
  if (method == "predict")
    return "; 'cnn predict M.so' or 'cnn run M.so' predicts";
  if (method == "save" || method == "save_weights")
    return "; 'cnn train ... -o W.safetensors' saves the weights";
  return "";
}

} // namespace

size_t Parser::lineEnd() const {
  size_t end = index;
  while (tokens[end].kind != TokenKind::Newline && tokens[end].kind != TokenKind::EndOfFile)
    ++end;
  return end;
}

void Parser::skipTo(size_t end) {
  while (index < end)
    consume();
}

std::unique_ptr<ModelAST> Parser::parseScript() {
  auto model = std::make_unique<ModelAST>();
  model->script = true;
  model->loc = Location{tok.loc.file, 1, 1};
  model->nameLoc = model->loc;
  bool inSkippedBlock = false;
  while (tok.kind != TokenKind::EndOfFile) {
    if (tok.kind == TokenKind::Newline) {
      consume();
      continue;
    }
    size_t end = lineEnd();
    // A block's lines go with its header; a string alone is a docstring.
    bool docstring = tok.kind == TokenKind::String && end == index + 1;
    if ((tok.loc.col > 1 && inSkippedBlock) || docstring) {
      skipTo(end);
      continue;
    }
    LineKind kind = classifyLine(end);
    inSkippedBlock = kind == LineKind::Block;
    switch (kind) {
    case LineKind::Import:
      if (!parseImport(*model))
        return nullptr;
      break;
    case LineKind::Skipped:
    case LineKind::Block:
      warnSkipped(tok, kind);
      skipTo(end);
      break;
    case LineKind::Model:
      model->statements.emplace_back();
      if (!parseStatement(model->statements.back()))
        return nullptr;
      if (tok.kind != TokenKind::Newline && tok.kind != TokenKind::EndOfFile) {
        errorExpected("the end of the statement");
        return nullptr;
      }
      break;
    }
  }
  return model;
}

// A line builds the model when it calls Keras (a layer, Input, Sequential, Model, an optimizer
// or a callback), calls add/compile/fit on an object, or assigns a constant to a name.
Parser::LineKind Parser::classifyLine(size_t end) const {
  const Token &first = tokens[index];
  if (isWord(first, "import") || isWord(first, "from"))
    return LineKind::Import;
  bool assigns = first.kind == TokenKind::Identifier && tokens[index + 1].kind == TokenKind::Equal;
  if (!assigns && (opensBlock(first) || tokens[end - 1].kind == TokenKind::Colon))
    return LineKind::Block;
  size_t value = assigns ? index + 2 : index;
  // Any other '=' outside brackets assigns to something that is not a name: (a, b) = ..., x[0] =
  unsigned open = 0;
  for (size_t i = value; i < end; ++i) {
    TokenKind kind = tokens[i].kind;
    open += kind == TokenKind::LParen || kind == TokenKind::LBracket || kind == TokenKind::LBrace;
    open -= open > 0 &&
            (kind == TokenKind::RParen || kind == TokenKind::RBracket || kind == TokenKind::RBrace);
    if (open == 0 && kind == TokenKind::Equal)
      return LineKind::Skipped;
  }
  if (!assigns && tokens[index + 1].kind != TokenKind::Dot &&
      tokens[index + 1].kind != TokenKind::LParen)
    return LineKind::Skipped;

  // The callee: a dotted name followed by '('.
  size_t i = value;
  if (tokens[i].kind == TokenKind::Identifier) {
    bool dotted = false;
    while (tokens[i + 1].kind == TokenKind::Dot && tokens[i + 2].kind == TokenKind::Identifier) {
      i += 2;
      dotted = true;
    }
    if (tokens[i + 1].kind == TokenKind::LParen) {
      llvm::StringRef callee = tokens[i].text;
      bool method = dotted && (callee == "add" || callee == "compile" || callee == "fit");
      return method || isKerasCallable(callee) ? LineKind::Model : LineKind::Skipped;
    }
  }
  if (!assigns)
    return LineKind::Skipped;
  for (size_t j = value; j < end; ++j) {
    bool call = tokens[j].kind == TokenKind::Identifier &&
                (tokens[j + 1].kind == TokenKind::LParen || tokens[j + 1].kind == TokenKind::Dot);
    if (!isLiteralToken(tokens[j].kind) || call)
      return LineKind::Skipped;
  }
  return value < end ? LineKind::Model : LineKind::Skipped;
}

// import a.b [as c] {, ...}  |  from a.b import (c [as d] {, ...} | '*')
bool Parser::parseImport(ModelAST &model) {
  bool from = tok.text == "from";
  consume();
  auto dottedName = [&](std::string &name) {
    while (tok.kind == TokenKind::Dot) { // relative imports: from . import x
      name += ".";
      consume();
    }
    if (tok.kind != TokenKind::Identifier) {
      if (!name.empty() && from)
        return true;
      errorExpected("a module name");
      return false;
    }
    name += tok.text;
    consume();
    while (tok.kind == TokenKind::Dot) {
      consume();
      if (tok.kind != TokenKind::Identifier) {
        errorExpected("a name after '.'");
        return false;
      }
      name += "." + tok.text;
      consume();
    }
    return true;
  };
  // `as NAME` after an imported name, else the name Python binds.
  auto bind = [&](const std::string &path, std::string bound, const Location &loc) {
    if (isWord(tok, "as")) {
      consume();
      if (tok.kind != TokenKind::Identifier) {
        errorExpected("a name after 'as'");
        return false;
      }
      bound = tok.text;
      consume();
    }
    model.imports.push_back(ImportAST{bound, path, loc});
    return true;
  };
  std::string module;
  Location moduleLoc = tok.loc;
  if (!dottedName(module))
    return false;
  if (!from) {
    if (!bind(module, module.substr(0, module.find('.')), moduleLoc))
      return false;
    while (tok.kind == TokenKind::Comma) {
      consume();
      std::string next;
      Location loc = tok.loc;
      if (!dottedName(next) || !bind(next, next.substr(0, next.find('.')), loc))
        return false;
    }
  } else {
    if (!isWord(tok, "import")) {
      errorExpected("'import' after 'from " + module + "'");
      return false;
    }
    consume();
    if (tok.kind == TokenKind::Operator && tok.text == "*") {
      consume();
    } else {
      bool parenthesized = tok.kind == TokenKind::LParen;
      if (parenthesized)
        consume();
      do {
        if (tok.kind == TokenKind::Comma)
          consume();
        if (parenthesized && tok.kind == TokenKind::RParen)
          break;
        if (tok.kind != TokenKind::Identifier) {
          errorExpected("a name to import");
          return false;
        }
        std::string name = tok.text;
        Location loc = tok.loc;
        consume();
        if (!bind(module + "." + name, name, loc))
          return false;
      } while (tok.kind == TokenKind::Comma);
      if (parenthesized) {
        if (tok.kind != TokenKind::RParen) {
          errorExpected("')' to close the imported names");
          return false;
        }
        consume();
      }
    }
  }
  if (tok.kind != TokenKind::Newline && tok.kind != TokenKind::EndOfFile) {
    errorExpected("the end of the import");
    return false;
  }
  return true;
}

void Parser::warnSkipped(const Token &first, LineKind kind) const {
  // The statement as written: its first physical line, shortened.
  size_t start = 0;
  for (unsigned line = 1; line < first.loc.line && start < buffer.size(); ++line)
    start = buffer.find('\n', start) + 1;
  llvm::StringRef text = buffer.substr(start).take_until([](char c) { return c == '\n'; });
  text = text.drop_front(first.loc.col - 1).rtrim();
  std::string shown = text.size() > 60 ? text.take_front(57).str() + "..." : text.str();
  std::string method;
  for (size_t i = index;
       tokens[i].kind != TokenKind::Newline && tokens[i].kind != TokenKind::EndOfFile &&
       tokens[i].kind != TokenKind::LParen;
       ++i)
    if (tokens[i].kind == TokenKind::Identifier)
      method = tokens[i].text;
  diag.warning(first.loc, "skipped '" + shown + "'" +
                              (kind == LineKind::Block ? " and its block" : "") +
                              ": cnnc compiles the model's Keras code only" + hintFor(method));
}

} // namespace cnnc
