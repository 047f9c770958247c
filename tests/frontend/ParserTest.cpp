// Tests of the parser: the tree shapes it builds for statements and expressions.
#include "FrontendTestUtil.h"

using namespace cnnc;
using cnnc::test::inModel;
using cnnc::test::Source;

namespace {

TEST(Parser, ReadsModelNameAndStatements) {
  Source source("model fashion { Input(shape=(4,)) Dense(2) }");
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  EXPECT_EQ(ast->name, "fashion");
  EXPECT_EQ(ast->loc.col, 1u);
  EXPECT_EQ(ast->nameLoc.col, 7u);
  EXPECT_EQ(ast->statements.size(), 2u);
}

TEST(Parser, SplitsPositionalAndKeywordArguments) {
  Source source(inModel("Conv2D(32, 3, padding='same', strides=(2, 2),)"));
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  const auto *call = llvm::dyn_cast<CallExprAST>(ast->statements[0].value.get());
  ASSERT_TRUE(call);
  EXPECT_EQ(call->getCallee(), "Conv2D");
  ASSERT_EQ(call->getArgs().size(), 2u);
  EXPECT_EQ(llvm::cast<IntegerExprAST>(*call->getArgs()[1]).getValue(), 3);
  ASSERT_EQ(call->getKeywords().size(), 2u);
  EXPECT_EQ(call->getKeywords()[0].name, "padding");
  EXPECT_EQ(llvm::cast<StringExprAST>(*call->getKeywords()[0].value).getValue(), "same");
  EXPECT_EQ(call->getKeywords()[1].loc.col, 31u);
  EXPECT_TRUE(llvm::isa<SequenceExprAST>(*call->getKeywords()[1].value));
}

TEST(Parser, ParenthesizedValueIsNotATupleButTrailingCommaMakesOne) {
  Source source(inModel("f(a=(3), b=(3,), c=(), d=[3])"));
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  const auto &keywords = llvm::cast<CallExprAST>(*ast->statements[0].value).getKeywords();
  EXPECT_TRUE(llvm::isa<IntegerExprAST>(*keywords[0].value));
  const auto &one = llvm::cast<SequenceExprAST>(*keywords[1].value);
  EXPECT_FALSE(one.isList());
  EXPECT_EQ(one.getElements().size(), 1u);
  EXPECT_TRUE(llvm::cast<SequenceExprAST>(*keywords[2].value).getElements().empty());
  EXPECT_TRUE(llvm::cast<SequenceExprAST>(*keywords[3].value).isList());
}

TEST(Parser, ReadsNegativeNumbersWithTheMinusLocation) {
  Source source(inModel("f(-3, -0.5)"));
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  const auto &args = llvm::cast<CallExprAST>(*ast->statements[0].value).getArgs();
  EXPECT_EQ(llvm::cast<IntegerExprAST>(*args[0]).getValue(), -3);
  EXPECT_EQ(args[0]->getLoc().col, 3u);
  EXPECT_DOUBLE_EQ(llvm::cast<FloatExprAST>(*args[1]).getValue(), -0.5);
  EXPECT_EQ(llvm::cast<FloatExprAST>(*args[1]).getSpelling(), "-0.5");
}

TEST(Parser, NestsApplicationsInsideOut) {
  Source source(inModel("p = Dense(10)(Flatten()(z))"));
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  const StatementAST &statement = ast->statements[0];
  EXPECT_EQ(statement.target, "p");
  const auto &outer = llvm::cast<ApplyExprAST>(*statement.value);
  EXPECT_EQ(outer.getLayer().getCallee(), "Dense");
  EXPECT_EQ(outer.getLoc().col, 14u);
  const auto &inner = llvm::cast<ApplyExprAST>(outer.getOperand());
  EXPECT_EQ(inner.getLayer().getCallee(), "Flatten");
  EXPECT_EQ(llvm::cast<NameExprAST>(inner.getOperand()).getName(), "z");
}

TEST(Parser, AppliesALayerToAListOfTensors) {
  Source source(inModel("z = Add()([x, y])"));
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  const auto &apply = llvm::cast<ApplyExprAST>(*ast->statements[0].value);
  const auto &list = llvm::cast<SequenceExprAST>(apply.getOperand());
  EXPECT_TRUE(list.isList());
  EXPECT_EQ(list.getElements().size(), 2u);
}

TEST(Parser, IgnoresNewlinesBetweenAndInsideStatements) {
  Source source("model m {Input(shape=(4,)) Dense(\n2,\nactivation\n=\n'relu')}");
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  EXPECT_EQ(ast->statements.size(), 2u);
}

TEST(Parser, PrintsExpressionsBackAsSource) {
  Source source(inModel("f((3, 3), (784,), [a, 'b'], 1e-3, Adam(x=1)(y), None)"));
  std::unique_ptr<ModelAST> ast = source.parse();
  ASSERT_TRUE(ast) << source.diagnostics();
  std::string printed;
  llvm::raw_string_ostream os(printed);
  for (const ExprPtr &arg : llvm::cast<CallExprAST>(*ast->statements[0].value).getArgs()) {
    printExpr(*arg, os);
    os << " ";
  }
  EXPECT_EQ(os.str(), "(3, 3) (784,) [a, 'b'] 1e-3 Adam(...)(y) None ");
}

} // namespace
