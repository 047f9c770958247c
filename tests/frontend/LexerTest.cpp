// Tests of the lexer: token kinds, spellings and locations.
#include "cnnc/frontend/Lexer.h"

#include <gtest/gtest.h>

#include <vector>

using namespace cnnc;

namespace {

std::vector<Token> lexAll(llvm::StringRef text) {
  Lexer lexer(text, std::make_shared<std::string>("t.cnn"));
  std::vector<Token> tokens;
  do
    tokens.push_back(lexer.next());
  while (tokens.back().kind != TokenKind::EndOfFile && tokens.back().kind != TokenKind::Error);
  return tokens;
}

std::vector<TokenKind> kinds(const std::vector<Token> &tokens) {
  std::vector<TokenKind> result;
  for (const Token &token : tokens)
    result.push_back(token.kind);
  return result;
}

TEST(Lexer, SplitsPunctuationIdentifiersAndLiterals) {
  std::vector<Token> tokens = lexAll("x = Conv2D(32, k=[1], s='a'){}-");
  EXPECT_EQ(
      kinds(tokens),
      (std::vector<TokenKind>{
          TokenKind::Identifier, TokenKind::Equal,   TokenKind::Identifier, TokenKind::LParen,
          TokenKind::Integer,    TokenKind::Comma,   TokenKind::Identifier, TokenKind::Equal,
          TokenKind::LBracket,   TokenKind::Integer, TokenKind::RBracket,   TokenKind::Comma,
          TokenKind::Identifier, TokenKind::Equal,   TokenKind::String,     TokenKind::RParen,
          TokenKind::LBrace,     TokenKind::RBrace,  TokenKind::Minus,      TokenKind::EndOfFile}));
  EXPECT_EQ(tokens[2].text, "Conv2D");
  EXPECT_EQ(tokens[14].text, "a");
}

TEST(Lexer, GivesOneBasedLineAndColumnOfEveryToken) {
  std::vector<Token> tokens = lexAll("model m {\n    Flatten()\n}");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[0].loc.line, 1u);
  EXPECT_EQ(tokens[0].loc.col, 1u);
  EXPECT_EQ(tokens[3].text, "Flatten");
  EXPECT_EQ(tokens[3].loc.line, 2u);
  EXPECT_EQ(tokens[3].loc.col, 5u);
  EXPECT_EQ(tokens[7].kind, TokenKind::EndOfFile);
  EXPECT_EQ(tokens[7].loc.line, 3u);
  EXPECT_EQ(tokens[7].loc.col, 2u);
  EXPECT_EQ(*tokens[7].loc.file, "t.cnn");
}

TEST(Lexer, ReadsFloatsInDecimalAndExponentForms) {
  std::vector<Token> tokens = lexAll("0.4 1e-3 .5 2E+2 7.");
  for (size_t i = 0; i < 5; ++i)
    EXPECT_EQ(tokens[i].kind, TokenKind::Float) << tokens[i].text;
  EXPECT_EQ(tokens[1].text, "1e-3");
  EXPECT_EQ(tokens[2].text, ".5");
}

TEST(Lexer, SkipsCommentsToEndOfLine) {
  std::vector<Token> tokens = lexAll("# all of this ( ' $\nDense # and this\n");
  EXPECT_EQ(kinds(tokens), (std::vector<TokenKind>{TokenKind::Identifier, TokenKind::EndOfFile}));
  EXPECT_EQ(tokens[0].loc.line, 2u);
}

TEST(Lexer, AcceptsBothQuoteStyles) {
  std::vector<Token> tokens = lexAll("\"it's\" 'say \"hi\"'");
  EXPECT_EQ(tokens[0].text, "it's");
  EXPECT_EQ(tokens[1].text, "say \"hi\"");
}

TEST(Lexer, ReportsUnterminatedStringAtOpeningQuote) {
  std::vector<Token> tokens = lexAll("a 'relu\n'");
  EXPECT_EQ(tokens.back().kind, TokenKind::Error);
  EXPECT_EQ(tokens.back().text, "unterminated string; expected a closing '");
  EXPECT_EQ(tokens.back().loc.col, 3u);
}

TEST(Lexer, ReportsUnexpectedCharacterAndNonAsciiByte) {
  EXPECT_EQ(lexAll("a $").back().text, "unexpected character '$'");
  EXPECT_EQ(lexAll("\xc3\xa9").back().text, "unexpected byte 0xC3");
}

TEST(Lexer, RejectsNumberGluedToLetters) {
  Token token = lexAll("3x").back();
  EXPECT_EQ(token.kind, TokenKind::Error);
  EXPECT_EQ(token.text, "invalid number '3x'");
}

} // namespace
