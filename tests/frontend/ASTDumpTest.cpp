// Tests of the AST dump printed by `cnnc --emit=ast`.
#include "FrontendTestUtil.h"

using namespace cnnc;
using cnnc::test::Source;

namespace {

std::string dump(llvm::StringRef text) {
  Source source(text);
  std::unique_ptr<ModelAST> ast = source.parse();
  EXPECT_TRUE(ast) << source.diagnostics();
  std::string printed;
  llvm::raw_string_ostream os(printed);
  if (ast)
    dumpAST(*ast, os);
  return os.str();
}

TEST(ASTDump, PrintsEveryNodeWithItsLocation) {
  EXPECT_EQ(dump("model m {\n"
                 "  a = Input(shape=(28, 1), name=\"in\")\n"
                 "  Dropout(0.4)\n"
                 "  z = Add()([a, Dense(2, use_bias=False)(a)])\n"
                 "}\n"),
            "Model 'm' @t.cnn:1:1\n"
            "  Assign 'a' @2:3\n"
            "    Call 'Input' @2:7\n"
            "      Keyword 'shape' @2:13\n"
            "        Tuple @2:19\n"
            "          Integer 28 @2:20\n"
            "          Integer 1 @2:24\n"
            "      Keyword 'name' @2:28\n"
            "        String 'in' @2:33\n"
            "  Statement @3:3\n"
            "    Call 'Dropout' @3:3\n"
            "      Float 0.4 @3:11\n"
            "  Assign 'z' @4:3\n"
            "    Apply @4:12\n"
            "      Call 'Add' @4:7\n"
            "      List @4:13\n"
            "        Name a @4:14\n"
            "        Apply @4:41\n"
            "          Call 'Dense' @4:17\n"
            "            Integer 2 @4:23\n"
            "            Keyword 'use_bias' @4:26\n"
            "              Name False @4:35\n"
            "          Name a @4:42\n");
}

TEST(ASTDump, DumpsTheBookModelDeterministically) {
  std::string text = cnnc::test::readExample("fashion_cnn.cnn");
  std::string first = dump(text);
  EXPECT_EQ(first, dump(text));
  EXPECT_EQ(first.substr(0, first.find('\n')), "Model 'fashion_cnn' @t.cnn:2:1");
  EXPECT_NE(first.find("    Call 'Input' @3:5\n      Keyword 'shape' @3:11\n        Tuple @3:17\n"),
            std::string::npos)
      << first;
}

} // namespace
