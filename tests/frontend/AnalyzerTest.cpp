// Tests of the analyzer on valid models: bound arguments, automatic names, graph and compile().
#include "FrontendTestUtil.h"

using namespace cnnc;
using cnnc::test::inModel;
using cnnc::test::Source;

namespace {

Model analyzeOk(llvm::StringRef text) {
  Source source(text);
  std::optional<Model> model = source.analyze();
  EXPECT_TRUE(model) << source.diagnostics();
  EXPECT_EQ(source.diagnostics(), "");
  return model ? std::move(*model) : Model{};
}

std::vector<std::string> names(const Model &model) {
  std::vector<std::string> result;
  for (const Layer &layer : model.layers)
    result.push_back(layer.name);
  return result;
}

using Pair = std::array<int64_t, 2>;

TEST(Analyzer, BindsTheBookModel) {
  Model model = analyzeOk(cnnc::test::readExample("fashion_cnn.cnn"));
  EXPECT_EQ(model.name, "fashion_cnn");
  EXPECT_EQ(model.loc.line, 2u);
  EXPECT_FALSE(model.functional);
  EXPECT_EQ(names(model), (std::vector<std::string>{"input_1", "conv2d", "max_pooling2d",
                                                    "conv2d_1", "max_pooling2d_1", "flatten",
                                                    "dense", "dropout", "dense_1"}));
  ASSERT_EQ(model.layers.size(), 9u);
  const std::vector<Layer> &l = model.layers;

  EXPECT_EQ(l[0].kind, LayerKind::Input);
  EXPECT_EQ(l[0].shape, (std::vector<int64_t>{28, 28, 1}));
  EXPECT_TRUE(l[0].inputs.empty());

  EXPECT_EQ(l[1].kind, LayerKind::Conv2D);
  EXPECT_EQ(l[1].units, 32);
  EXPECT_EQ(l[1].kernel, (Pair{3, 3}));
  EXPECT_EQ(l[1].strides, (Pair{1, 1}));
  EXPECT_EQ(l[1].padding, Padding::Same);
  EXPECT_EQ(l[1].activation, Activation::Relu);
  EXPECT_TRUE(l[1].useBias);
  EXPECT_EQ(l[1].loc.line, 4u);
  EXPECT_EQ(l[1].loc.col, 5u);

  EXPECT_EQ(l[2].kind, LayerKind::MaxPooling2D);
  EXPECT_EQ(l[2].kernel, (Pair{2, 2}));
  EXPECT_EQ(l[2].strides, (Pair{2, 2}));
  EXPECT_EQ(l[2].padding, Padding::Valid);

  EXPECT_EQ(l[3].units, 64);
  EXPECT_EQ(l[3].kernel, (Pair{3, 3}));
  EXPECT_EQ(l[5].kind, LayerKind::Flatten);
  EXPECT_EQ(l[6].kind, LayerKind::Dense);
  EXPECT_EQ(l[6].units, 100);
  EXPECT_EQ(l[6].activation, Activation::Relu);
  EXPECT_EQ(l[7].kind, LayerKind::Dropout);
  EXPECT_DOUBLE_EQ(l[7].rate, 0.4);
  EXPECT_EQ(l[8].units, 10);
  EXPECT_EQ(l[8].activation, Activation::Softmax);

  for (size_t i = 1; i < l.size(); ++i)
    EXPECT_EQ(l[i].inputs, (std::vector<int>{static_cast<int>(i) - 1})) << l[i].name;
  EXPECT_EQ(model.inputs, (std::vector<int>{0}));
  EXPECT_EQ(model.outputs, (std::vector<int>{8}));

  const CompileConfig &compile = model.compile;
  EXPECT_TRUE(compile.present);
  EXPECT_EQ(compile.loc.line, 12u);
  EXPECT_EQ(compile.optimizer, "adam");
  EXPECT_DOUBLE_EQ(compile.learningRate, 0.001);
  ASSERT_EQ(compile.outputs.size(), 1u);
  EXPECT_EQ(compile.outputs[0].loss, "sparse_categorical_crossentropy");
  EXPECT_DOUBLE_EQ(compile.outputs[0].weight, 1.0);
  EXPECT_EQ(compile.outputs[0].metrics, (std::vector<std::string>{"accuracy"}));
}

TEST(Analyzer, BindsTheTwoViewsExampleAsAFunctionalGraph) {
  Model model = analyzeOk(cnnc::test::readExample("two_views.cnn"));
  EXPECT_TRUE(model.functional);
  EXPECT_EQ(names(model), (std::vector<std::string>{"left", "right", "conv2d", "conv2d_1", "add",
                                                    "max_pooling2d", "flatten", "dense"}));
  const std::vector<Layer> &l = model.layers;
  EXPECT_EQ(model.inputs, (std::vector<int>{0, 1}));
  EXPECT_EQ(l[2].inputs, (std::vector<int>{0}));
  EXPECT_EQ(l[3].inputs, (std::vector<int>{1}));
  EXPECT_EQ(l[4].kind, LayerKind::Add);
  EXPECT_EQ(l[4].inputs, (std::vector<int>{2, 3}));
  EXPECT_EQ(l[5].inputs, (std::vector<int>{4}));
  EXPECT_EQ(l[6].inputs, (std::vector<int>{5}));
  EXPECT_EQ(l[7].inputs, (std::vector<int>{6}));
  EXPECT_EQ(model.outputs, (std::vector<int>{7, 2}));
  EXPECT_FALSE(model.compile.present);
}

TEST(Analyzer, AutomaticNamesSkipNamesGivenExplicitly) {
  Model model = analyzeOk(inModel("Input(shape=(8,), name='input_1')\n"
                                  "Dense(4)\n"
                                  "Dense(4, name='dense_1')\n"
                                  "Dense(4)\n"
                                  "d = Dense(4, name='dense')\n"
                                  "b = Input(shape=(8,))\n"
                                  "outputs = [d, b]"));
  EXPECT_EQ(names(model), (std::vector<std::string>{"input_1", "dense_2", "dense_1", "dense_3",
                                                    "dense", "input_2"}));
}

TEST(Analyzer, NumbersAutomaticNamesPerLayerClass) {
  Model model = analyzeOk(inModel("Input(shape=(8, 8, 3))\nReLU()\nSoftmax()\nReLU()\n"
                                  "AveragePooling2D()\nFlatten()\nDropout(0)"));
  EXPECT_EQ(names(model), (std::vector<std::string>{"input_1", "re_lu", "softmax", "re_lu_1",
                                                    "average_pooling2d", "flatten", "dropout"}));
}

TEST(Analyzer, NamesNestedLayersInConstructionOrderLikeKeras) {
  Model model = analyzeOk(inModel("x = Input(shape=(8,))\ny = Dense(1)(Dense(2)(x))"));
  ASSERT_EQ(model.layers.size(), 3u);
  EXPECT_EQ(model.layers[1].units, 2);
  EXPECT_EQ(model.layers[1].name, "dense_1");
  EXPECT_EQ(model.layers[2].units, 1);
  EXPECT_EQ(model.layers[2].name, "dense");
  EXPECT_EQ(model.layers[2].inputs, (std::vector<int>{1}));
}

TEST(Analyzer, AcceptsIntAndTupleFormsOfSizesAndStrides) {
  Model model = analyzeOk(inModel("Input(shape=(28, 28, 1))\n"
                                  "Conv2D(8, (3, 5), 2)\n"
                                  "Conv2D(8, kernel_size=3, strides=(1, 2))\n"
                                  "MaxPooling2D((3, 2))\n"
                                  "MaxPooling2D(pool_size=3, strides=1)\n"
                                  "AveragePooling2D(2, None)"));
  const std::vector<Layer> &l = model.layers;
  EXPECT_EQ(l[1].kernel, (Pair{3, 5}));
  EXPECT_EQ(l[1].strides, (Pair{2, 2}));
  EXPECT_EQ(l[2].kernel, (Pair{3, 3}));
  EXPECT_EQ(l[2].strides, (Pair{1, 2}));
  EXPECT_EQ(l[3].kernel, (Pair{3, 2}));
  EXPECT_EQ(l[3].strides, (Pair{3, 2}));
  EXPECT_EQ(l[4].kernel, (Pair{3, 3}));
  EXPECT_EQ(l[4].strides, (Pair{1, 1}));
  EXPECT_EQ(l[5].kind, LayerKind::AveragePooling2D);
  EXPECT_EQ(l[5].strides, (Pair{2, 2}));
}

TEST(Analyzer, TakesEnumWordsQuotedOrBareAndPaddingInAnyCase) {
  Model model = analyzeOk(inModel("Input(shape=(28, 28, 1))\n"
                                  "Conv2D(8, 3, padding=same, activation=relu)\n"
                                  "Conv2D(8, 3, padding=\"SAME\", activation='linear', "
                                  "use_bias=False)\n"
                                  "MaxPooling2D(padding='Valid')"));
  const std::vector<Layer> &l = model.layers;
  EXPECT_EQ(l[1].padding, Padding::Same);
  EXPECT_EQ(l[1].activation, Activation::Relu);
  EXPECT_EQ(l[2].padding, Padding::Same);
  EXPECT_EQ(l[2].activation, Activation::Linear);
  EXPECT_FALSE(l[2].useBias);
  EXPECT_EQ(l[3].padding, Padding::Valid);
}

TEST(Analyzer, EveryLayerBindsWithOnlyItsRequiredArgumentsToKerasDefaults) {
  Model model = analyzeOk(inModel("a = Input(shape=(8, 8, 2))\n"
                                  "b = Conv2D(4, 1)(a)\n"
                                  "MaxPooling2D()\nAveragePooling2D()\nFlatten()\nDense(3)\n"
                                  "Dropout(0.5)\nReLU()\ns = Softmax()\n"
                                  "c = Concatenate()([a, b])\n"
                                  "d = Add()([a, a])\n"
                                  "outputs = [s, c, d]"));
  const std::vector<Layer> &l = model.layers;
  EXPECT_EQ(l[1].strides, (Pair{1, 1}));
  EXPECT_EQ(l[1].padding, Padding::Valid);
  EXPECT_EQ(l[1].activation, Activation::Linear);
  EXPECT_TRUE(l[1].useBias);
  EXPECT_EQ(l[2].kernel, (Pair{2, 2}));
  EXPECT_EQ(l[2].strides, (Pair{2, 2}));
  EXPECT_EQ(l[3].kernel, (Pair{2, 2}));
  EXPECT_EQ(l[5].activation, Activation::Linear);
  EXPECT_EQ(l[9].kind, LayerKind::Concatenate);
  EXPECT_EQ(l[9].axis, -1);
  EXPECT_EQ(l[9].inputs, (std::vector<int>{0, 1}));
  EXPECT_EQ(l[10].inputs, (std::vector<int>{0, 0}));
}

TEST(Analyzer, AcceptsAFlatInputShapeAndConcatenateAxis) {
  Model model = analyzeOk(inModel("a = Input(shape=(784,))\nb = Input((784,))\n"
                                  "Concatenate(1)([a, b])"));
  EXPECT_EQ(model.layers[0].shape, (std::vector<int64_t>{784}));
  EXPECT_EQ(model.layers[2].axis, 1);
}

TEST(Analyzer, ChainsSequentialStatementsAfterFunctionalOnes) {
  Model model = analyzeOk(inModel("a = Input(shape=(8,))\nb = Dense(4)(a)\nDense(2)\nDense(1)"));
  EXPECT_TRUE(model.functional);
  EXPECT_EQ(model.layers[2].inputs, (std::vector<int>{1}));
  EXPECT_EQ(model.layers[3].inputs, (std::vector<int>{2}));
  EXPECT_EQ(model.outputs, (std::vector<int>{3}));
}

TEST(Analyzer, NamingASequentialStatementMakesTheModelFunctional) {
  Model model = analyzeOk(inModel("Input(shape=(8,))\nx = Dense(4)"));
  EXPECT_TRUE(model.functional);
  EXPECT_EQ(model.layers[1].inputs, (std::vector<int>{0}));
}

TEST(Analyzer, LetsATensorNameBeReboundToANewLayer) {
  Model model = analyzeOk(inModel("x = Input(shape=(8,))\nx = Dense(4)(x)\nx = Dense(2)(x)"));
  EXPECT_EQ(model.layers[2].inputs, (std::vector<int>{1}));
  EXPECT_EQ(model.outputs, (std::vector<int>{2}));
}

TEST(Analyzer, TakesAnInputCallWhereATensorIsExpected) {
  Model model = analyzeOk(inModel("Dense(2)(Input(shape=(4,)))"));
  EXPECT_EQ(model.layers[0].kind, LayerKind::Input);
  EXPECT_EQ(model.layers[1].inputs, (std::vector<int>{0}));
  EXPECT_EQ(model.inputs, (std::vector<int>{0}));
}

TEST(Analyzer, TakesASingleOutputWithoutAList) {
  Model model = analyzeOk(inModel("a = Input(shape=(4,))\nb = Dense(2)(a)\noutputs = b"));
  EXPECT_EQ(model.outputs, (std::vector<int>{1}));
}

TEST(Analyzer, BindsSgdWithItsKerasDefaultsAndOverrides) {
  Model model = analyzeOk(inModel("Input(shape=(4,))\ncompile(optimizer='sgd')"));
  EXPECT_EQ(model.compile.optimizer, "sgd");
  EXPECT_DOUBLE_EQ(model.compile.learningRate, 0.01);
  EXPECT_DOUBLE_EQ(model.compile.momentum, 0.0);
  ASSERT_EQ(model.compile.outputs.size(), 1u);
  EXPECT_TRUE(model.compile.outputs[0].metrics.empty());

  model = analyzeOk(inModel("Input(shape=(4,))\ncompile(SGD(0.1, momentum=0.9), "
                            "'sparse_categorical_crossentropy', ['accuracy'])"));
  EXPECT_EQ(model.compile.optimizer, "sgd");
  EXPECT_DOUBLE_EQ(model.compile.learningRate, 0.1);
  EXPECT_DOUBLE_EQ(model.compile.momentum, 0.9);
  EXPECT_EQ(model.compile.outputs.at(0).metrics, (std::vector<std::string>{"accuracy"}));
}

TEST(Analyzer, BindsAdamByNameWithItsDefaultLearningRate) {
  Model model = analyzeOk(inModel("Input(shape=(4,))\ncompile(optimizer='Adam', loss="
                                  "sparse_categorical_crossentropy)"));
  EXPECT_TRUE(model.compile.present);
  EXPECT_EQ(model.compile.optimizer, "adam");
  EXPECT_DOUBLE_EQ(model.compile.learningRate, 0.001);
}

TEST(Analyzer, LeavesCompileAbsentWhenTheModelHasNone) {
  Model model = analyzeOk(inModel("Input(shape=(4,))"));
  EXPECT_FALSE(model.compile.present);
  EXPECT_EQ(model.outputs, (std::vector<int>{0}));
}

TEST(Analyzer, NamesEnumValuesAndLayerKinds) {
  EXPECT_STREQ(layerKindName(LayerKind::MaxPooling2D), "MaxPooling2D");
  EXPECT_STREQ(layerKindName(LayerKind::ReLU), "ReLU");
  EXPECT_STREQ(paddingName(Padding::Same), "same");
  EXPECT_STREQ(activationName(Activation::Linear), "linear");
  EXPECT_STREQ(activationName(Activation::Softmax), "softmax");
}

} // namespace
