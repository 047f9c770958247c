// The Keras importer on the book's two trained files and on small generated ones, every error it
// reports, and printModelSource round trips through the parser and analyzer.
#include "FrontendTestUtil.h"
#include "KerasFixtures.h"

#include "cnnc/frontend/KerasImport.h"

#include <cmath>
#include <fstream>
#include <functional>

namespace cnnc::test {
namespace {

using nlohmann::json;

const std::string modelsDir = CNNC_MODELS_DIR;

/// Tests of the book's published Keras files; skipped where the checkout has no models folder
/// beside it.
class BookModels : public testing::Test {
protected:
  void SetUp() override {
    if (!std::ifstream(modelsDir + "/best-cnn-model.keras"))
      GTEST_SKIP() << "the book's models are not in " << modelsDir;
  }
};

KerasModel importOrFail(const std::string &path) {
  llvm::Expected<KerasModel> imported = importKeras(path);
  if (!imported) {
    ADD_FAILURE() << path << ": " << llvm::toString(imported.takeError());
    return {};
  }
  return std::move(*imported);
}

std::string importError(const std::string &path) {
  llvm::Expected<KerasModel> imported = importKeras(path);
  if (imported) {
    ADD_FAILURE() << "expected an error importing " << path;
    return "";
  }
  return llvm::toString(imported.takeError());
}

void expectSameModel(const Model &a, const Model &b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.functional, b.functional);
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.outputs, b.outputs);
  EXPECT_EQ(a.compile.present, b.compile.present);
  EXPECT_EQ(a.compile.optimizer, b.compile.optimizer);
  EXPECT_EQ(a.compile.learningRate, b.compile.learningRate);
  EXPECT_EQ(a.compile.momentum, b.compile.momentum);
  ASSERT_EQ(a.compile.outputs.size(), b.compile.outputs.size());
  for (size_t i = 0; i < a.compile.outputs.size(); ++i) {
    EXPECT_EQ(a.compile.outputs[i].loss, b.compile.outputs[i].loss);
    EXPECT_EQ(a.compile.outputs[i].weight, b.compile.outputs[i].weight);
    EXPECT_EQ(a.compile.outputs[i].metrics, b.compile.outputs[i].metrics);
  }
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (size_t i = 0; i < a.layers.size(); ++i) {
    const Layer &x = a.layers[i], &y = b.layers[i];
    SCOPED_TRACE("layer " + x.name);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.shape, y.shape);
    EXPECT_EQ(x.units, y.units);
    EXPECT_EQ(x.kernel, y.kernel);
    EXPECT_EQ(x.strides, y.strides);
    EXPECT_EQ(x.padding, y.padding);
    EXPECT_EQ(x.activation, y.activation);
    EXPECT_EQ(x.useBias, y.useBias);
    EXPECT_EQ(x.rate, y.rate);
    EXPECT_EQ(x.axis, y.axis);
  }
}

/// Prints `model`, parses and analyzes the text, and expects `model` back.
void expectRoundTrip(const Model &model) {
  std::string text = printModelSource(model);
  SCOPED_TRACE(text);
  Source source(text);
  std::optional<Model> reparsed = source.analyze();
  ASSERT_TRUE(reparsed) << source.diagnostics();
  expectSameModel(model, *reparsed);
}

void expectBookModel(const KerasModel &imported, const std::string &inputName) {
  const Model &model = imported.model;
  EXPECT_EQ(model.name, "sequential");
  EXPECT_FALSE(model.functional);
  std::vector<std::pair<std::string, LayerKind>> expected = {
      {inputName, LayerKind::Input},
      {"conv2d", LayerKind::Conv2D},
      {"max_pooling2d", LayerKind::MaxPooling2D},
      {"conv2d_1", LayerKind::Conv2D},
      {"max_pooling2d_1", LayerKind::MaxPooling2D},
      {"flatten", LayerKind::Flatten},
      {"dense", LayerKind::Dense},
      {"dropout", LayerKind::Dropout},
      {"dense_1", LayerKind::Dense}};
  ASSERT_EQ(model.layers.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(model.layers[i].name, expected[i].first);
    EXPECT_EQ(model.layers[i].kind, expected[i].second) << expected[i].first;
    EXPECT_EQ(model.layers[i].inputs, i ? std::vector<int>{int(i) - 1} : std::vector<int>{});
  }
  EXPECT_EQ(model.layers[0].shape, (std::vector<int64_t>{28, 28, 1}));
  const Layer &conv = model.layers[3];
  EXPECT_EQ(conv.units, 64);
  EXPECT_EQ(conv.kernel, (std::array<int64_t, 2>{3, 3}));
  EXPECT_EQ(conv.strides, (std::array<int64_t, 2>{1, 1}));
  EXPECT_EQ(conv.padding, Padding::Same);
  EXPECT_EQ(conv.activation, Activation::Relu);
  EXPECT_TRUE(conv.useBias);
  EXPECT_EQ(model.layers[4].kernel, (std::array<int64_t, 2>{2, 2}));
  EXPECT_EQ(model.layers[4].strides, (std::array<int64_t, 2>{2, 2}));
  EXPECT_EQ(model.layers[4].padding, Padding::Valid);
  EXPECT_EQ(model.layers[6].units, 100);
  EXPECT_EQ(model.layers[6].activation, Activation::Relu);
  EXPECT_EQ(model.layers[7].rate, 0.4);
  EXPECT_EQ(model.layers[8].units, 10);
  EXPECT_EQ(model.layers[8].activation, Activation::Softmax);
  EXPECT_EQ(model.inputs, (std::vector<int>{0}));
  EXPECT_EQ(model.outputs, (std::vector<int>{8}));
  EXPECT_TRUE(model.compile.present);
  EXPECT_EQ(model.compile.optimizer, "adam");
  EXPECT_NEAR(model.compile.learningRate, 0.001, 1e-9);
  ASSERT_EQ(model.compile.outputs.size(), 1u);
  EXPECT_EQ(model.compile.outputs[0].loss, "sparse_categorical_crossentropy");
  EXPECT_EQ(model.compile.outputs[0].metrics, (std::vector<std::string>{"accuracy"}));

  std::vector<std::pair<std::string, std::vector<int64_t>>> weights = {
      {"conv2d.kernel", {3, 3, 1, 32}},    {"conv2d.bias", {32}},
      {"conv2d_1.kernel", {3, 3, 32, 64}}, {"conv2d_1.bias", {64}},
      {"dense.kernel", {3136, 100}},       {"dense.bias", {100}},
      {"dense_1.kernel", {100, 10}},       {"dense_1.bias", {10}}};
  ASSERT_EQ(imported.weights.size(), weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    const WeightTensor &weight = imported.weights[i];
    EXPECT_EQ(weight.name, weights[i].first);
    EXPECT_EQ(weight.shape, weights[i].second) << weight.name;
    int64_t size = 1;
    for (int64_t dim : weight.shape)
      size *= dim;
    EXPECT_EQ(static_cast<int64_t>(weight.data.size()), size) << weight.name;
  }
}

void expectMeanAndStd(const std::vector<float> &values, double mean, double std) {
  double sum = 0, squares = 0;
  for (float value : values)
    sum += value;
  double actualMean = sum / values.size();
  for (float value : values)
    squares += (value - actualMean) * (value - actualMean);
  EXPECT_NEAR(actualMean, mean, 1e-6);
  EXPECT_NEAR(std::sqrt(squares / values.size()), std, 1e-6);
}

TEST_F(BookModels, ReadsTheBooksKeras3Archive) {
  KerasModel imported = importOrFail(modelsDir + "/best-cnn-model.keras");
  expectBookModel(imported, "input_layer");
  ASSERT_FALSE(imported.weights.empty());
  expectMeanAndStd(imported.weights[0].data, -0.014383553, 0.23351653);
}

TEST_F(BookModels, ReadsTheBooksKeras2File) {
  KerasModel imported = importOrFail(modelsDir + "/best-cnn-model.h5");
  expectBookModel(imported, "conv2d_input");
  ASSERT_FALSE(imported.weights.empty());
  expectMeanAndStd(imported.weights[0].data, -0.024941159, 0.24951957);
}

TEST_F(BookModels, PrintedSourceOfTheBooksModelsReparsesToTheSameModel) {
  for (const char *file : {"best-cnn-model.keras", "best-cnn-model.h5"}) {
    SCOPED_TRACE(file);
    expectRoundTrip(importOrFail(modelsDir + "/" + file).model);
  }
}

TEST_F(BookModels, PrintsTheSequentialFormWithEveryArgument) {
  std::string text = printModelSource(importOrFail(modelsDir + "/best-cnn-model.keras").model);
  EXPECT_NE(text.find("model sequential {\n"
                      "    Input(shape=(28, 28, 1), name='input_layer')\n"
                      "    Conv2D(filters=32, kernel_size=(3, 3), strides=(1, 1), padding='same', "
                      "activation='relu', use_bias=True, name='conv2d')\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    Dropout(rate=0.4, name='dropout')\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    compile(optimizer=Adam(learning_rate=0.0010000000474974513, beta_1=0.9, "
                      "beta_2=0.999, epsilon=1e-07), loss='sparse_categorical_crossentropy', "
                      "metrics=['accuracy'])\n}\n"),
            std::string::npos)
      << text;
}

TEST(KerasImport, PrintedSourceOfTheExamplesReparsesToTheSameModel) {
  for (const char *example : {"fashion_cnn.cnn", "two_views.cnn"}) {
    SCOPED_TRACE(example);
    Source source(readExample(example));
    std::optional<Model> model = source.analyze();
    ASSERT_TRUE(model) << source.diagnostics();
    expectRoundTrip(*model);
  }
}

TEST(KerasImport, ReadsKeras3WeightValuesInStoredOrder) {
  TempDir dir;
  writeKeras3(dir.path("tiny.keras"), tinyConfig(), tinyKeras3Weights());
  KerasModel imported = importOrFail(dir.path("tiny.keras"));
  EXPECT_EQ(imported.model.name, "tiny");
  EXPECT_FALSE(imported.model.compile.present);
  ASSERT_EQ(imported.weights.size(), 4u);
  EXPECT_EQ(imported.weights[2].name, "dense.kernel");
  EXPECT_EQ(imported.weights[2].shape, (std::vector<int64_t>{32, 3}));
  EXPECT_EQ(imported.weights[2].data[0], 0.0f);
  EXPECT_EQ(imported.weights[2].data[95], 95.0f);
}

// A Keras 2 file: the input shape only on the first layer, weights found through weight_names,
// SGD in training_config.
TEST(KerasImport, ReadsKeras2ConfigWeightNamesAndTrainingConfig) {
  json config = tinyKeras2Config();
  json training = json::parse(R"({"loss": "sparse_categorical_crossentropy",
    "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy"}}]],
    "optimizer_config": {"class_name": "Custom>SGD",
                         "config": {"learning_rate": 0.05, "momentum": 0.9, "nesterov": false}}})");
  TempDir dir;
  std::string path = dir.path("tiny.h5");
  writeHdf5(path,
            {{"model_weights/conv2d/c/w:0", {3, 3, 1, 2}},
             {"model_weights/conv2d/c/b:0", {2}},
             {"model_weights/dense/dense/kernel:0", {32, 3}},
             {"model_weights/dense/dense/bias:0", {3}}},
            {{"model_config", config.dump()}, {"training_config", training.dump()}});
  addStringListAttribute(path, "model_weights/conv2d", "weight_names", {"c/w:0", "c/b:0"});
  KerasModel imported = importOrFail(path);
  ASSERT_EQ(imported.model.layers.size(), 4u);
  EXPECT_EQ(imported.model.layers[0].name, "conv2d_input");
  EXPECT_EQ(imported.model.layers[0].shape, (std::vector<int64_t>{4, 4, 1}));
  EXPECT_EQ(imported.model.compile.optimizer, "sgd");
  EXPECT_EQ(imported.model.compile.learningRate, 0.05);
  EXPECT_EQ(imported.model.compile.momentum, 0.9);
  EXPECT_EQ(imported.model.compile.outputs.at(0).metrics, (std::vector<std::string>{"accuracy"}));
  ASSERT_EQ(imported.weights.size(), 4u);
  EXPECT_EQ(imported.weights[1].name, "conv2d.bias");
  EXPECT_EQ(imported.weights[1].shape, (std::vector<int64_t>{2}));
  expectRoundTrip(imported.model);
}

TEST(KerasImport, ReadsAModelConfigWrittenAsUtf8) {
  // h5py writes a Python str as a UTF-8 attribute, which read as ASCII failed ("cannot read
  // attribute 'model_config'").
  TempDir dir;
  std::string path = dir.path("utf8.h5");
  writeKeras2(path, /*utf8=*/true);
  KerasModel imported = importOrFail(path);
  EXPECT_EQ(imported.model.layers.size(), 4u);
  EXPECT_EQ(imported.weights.size(), 4u);
}

/// Two inputs, an Add and two outputs, in Keras 3's keras_history form.
json functionalKeras3Config() {
  auto tensor = [](const char *layer) {
    return json{{"class_name", "__keras_tensor__"},
                {"config", {{"shape", {nullptr, 4, 4, 2}}, {"keras_history", {layer, 0, 0}}}}};
  };
  auto node = [](json args) { return json::array({{{"args", args}, {"kwargs", json::object()}}}); };
  json conv = {
      {"class_name", "Conv2D"},
      {"name", "left_conv"},
      {"config",
       {{"name", "left_conv"}, {"filters", 2}, {"kernel_size", {3, 3}}, {"padding", "same"}}},
      {"inbound_nodes", node({tensor("left")})}};
  json right = conv;
  right["name"] = right["config"]["name"] = "right_conv";
  right["inbound_nodes"] = node({tensor("right")});
  return {{"class_name", "Functional"},
          {"config",
           {{"name", "two views"},
            {"layers",
             {{{"class_name", "InputLayer"},
               {"name", "left"},
               {"config", {{"name", "left"}, {"batch_shape", {nullptr, 4, 4, 1}}}},
               {"inbound_nodes", json::array()}},
              {{"class_name", "InputLayer"},
               {"name", "right"},
               {"config", {{"name", "right"}, {"batch_shape", {nullptr, 4, 4, 1}}}},
               {"inbound_nodes", json::array()}},
              conv,
              right,
              {{"class_name", "Add"},
               {"name", "add"},
               {"config", {{"name", "add"}}},
               {"inbound_nodes", node({{tensor("left_conv"), tensor("right_conv")}})}}}},
            {"input_layers", {{"right", 0, 0}, {"left", 0, 0}}},
            {"output_layers", {{"add", 0, 0}, {"left_conv", 0, 0}}}}}};
}

std::vector<DatasetSpec> functionalWeights() {
  return {{"layers/left_conv/vars/0", {3, 3, 1, 2}},
          {"layers/left_conv/vars/1", {2}},
          {"layers/right_conv/vars/0", {3, 3, 1, 2}},
          {"layers/right_conv/vars/1", {2}}};
}

TEST(KerasImport, ReadsAFunctionalKeras3Graph) {
  TempDir dir;
  writeKeras3(dir.path("f.keras"), functionalKeras3Config(), functionalWeights());
  Model model = importOrFail(dir.path("f.keras")).model;
  EXPECT_TRUE(model.functional);
  EXPECT_EQ(model.name, "two_views");
  ASSERT_EQ(model.layers.size(), 5u);
  // The inputs come first, in the order of input_layers.
  EXPECT_EQ(model.layers[0].name, "right");
  EXPECT_EQ(model.layers[1].name, "left");
  EXPECT_EQ(model.inputs, (std::vector<int>{0, 1}));
  EXPECT_EQ(model.layers[2].name, "left_conv");
  EXPECT_EQ(model.layers[2].inputs, (std::vector<int>{1}));
  EXPECT_EQ(model.layers[4].kind, LayerKind::Add);
  EXPECT_EQ(model.layers[4].inputs, (std::vector<int>{2, 3}));
  EXPECT_EQ(model.outputs, (std::vector<int>{4, 2}));
  expectRoundTrip(model);
}

TEST(KerasImport, ReadsLossesAndLossWeightsByOutputName) {
  json config = functionalKeras3Config();
  config["compile_config"] = json::parse(R"({"optimizer": "adam",
    "loss": {"add": "mean_squared_error", "left_conv": {"module": "keras.losses",
             "class_name": "MeanAbsoluteError", "config": {"name": "mean_absolute_error"}}},
    "loss_weights": {"left_conv": 0.5}, "metrics": {"add": ["mae"]}})");
  TempDir dir;
  writeKeras3(dir.path("f.keras"), config, functionalWeights());
  Model model = importOrFail(dir.path("f.keras")).model;
  const std::vector<OutputLoss> &outputs = model.compile.outputs;
  ASSERT_EQ(outputs.size(), 2u); // add, left_conv
  EXPECT_EQ(outputs[0].loss, "mse");
  EXPECT_DOUBLE_EQ(outputs[0].weight, 1.0);
  EXPECT_EQ(outputs[0].metrics, (std::vector<std::string>{"mae"}));
  EXPECT_EQ(outputs[1].loss, "mae");
  EXPECT_DOUBLE_EQ(outputs[1].weight, 0.5);
  EXPECT_TRUE(outputs[1].metrics.empty());
  expectRoundTrip(model);

  config["compile_config"] = json::parse(R"({"optimizer": "adam", "loss": ["mse", null],
    "loss_weights": [2, 1], "metrics": [["mse"], []]})");
  writeKeras3(dir.path("g.keras"), config, functionalWeights());
  model = importOrFail(dir.path("g.keras")).model;
  ASSERT_EQ(model.compile.outputs.size(), 2u);
  EXPECT_EQ(model.compile.outputs[1].loss, "");
  EXPECT_DOUBLE_EQ(model.compile.outputs[0].weight, 2.0);
  EXPECT_EQ(model.compile.outputs[0].metrics, (std::vector<std::string>{"mse"}));
  expectRoundTrip(model);
}

TEST(KerasImport, RefusesALossForAnOutputThatIsNotThere) {
  json config = functionalKeras3Config();
  config["compile_config"] = json::parse(R"({"optimizer": "adam", "loss": {"ad": "mse"}})");
  TempDir dir;
  writeKeras3(dir.path("f.keras"), config, functionalWeights());
  EXPECT_EQ(importError(dir.path("f.keras")),
            "Unknown entries in loss dictionary: ['ad']. Only expected following keys: ['add', "
            "'left_conv']; did you mean 'add'?");
  config["compile_config"]["loss"] = json::parse(R"(["mse"])");
  writeKeras3(dir.path("g.keras"), config, functionalWeights());
  EXPECT_EQ(importError(dir.path("g.keras")),
            "When passing a list as loss, it should have one entry per model output. The model "
            "has 2 outputs ['add', 'left_conv'], but the list has 1");
}

TEST(KerasImport, ReadsAFunctionalKeras2GraphFromInboundNodes) {
  json config = functionalKeras3Config();
  config["class_name"] = "Model";
  config["config"]["layers"][2]["inbound_nodes"] = json::parse(R"([[["left", 0, 0, {}]]])");
  config["config"]["layers"][3]["inbound_nodes"] = json::parse(R"([[["right", 0, 0, {}]]])");
  config["config"]["layers"][4]["inbound_nodes"] =
      json::parse(R"([[["left_conv", 0, 0, {}], ["right_conv", 0, 0, {}]]])");
  TempDir dir;
  writeKeras3(dir.path("f.keras"), config, functionalWeights());
  Model model = importOrFail(dir.path("f.keras")).model;
  ASSERT_EQ(model.layers.size(), 5u);
  EXPECT_EQ(model.layers[3].inputs, (std::vector<int>{0}));
  EXPECT_EQ(model.layers[4].inputs, (std::vector<int>{2, 3}));
}

struct ConfigError {
  const char *name;
  std::function<void(json &layers)> change; // applied to tinyConfig()'s layers
  const char *message;
};

class KerasConfigErrors : public testing::TestWithParam<ConfigError> {};

TEST_P(KerasConfigErrors, NameTheLayerAndTheSetting) {
  json config = tinyConfig();
  GetParam().change(config["config"]["layers"]);
  TempDir dir;
  writeKeras3(dir.path("m.keras"), config, tinyKeras3Weights());
  EXPECT_EQ(importError(dir.path("m.keras")), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    KerasImport, KerasConfigErrors,
    testing::Values(
        ConfigError{"UnsupportedClass",
                    [](json &layers) {
                      layers[2] = {{"class_name", "LSTM"}, {"config", {{"name", "lstm"}}}};
                    },
                    "layer 'lstm' has class LSTM, which cnnc does not support"},
        ConfigError{"ChannelsFirst",
                    [](json &layers) { layers[1]["config"]["data_format"] = "channels_first"; },
                    "layer 'conv2d' (Conv2D): data_format 'channels_first' is not supported; "
                    "cnnc supports only 'channels_last'"},
        ConfigError{"Dilation",
                    [](json &layers) {
                      layers[1]["config"]["dilation_rate"] = {2, 2};
                    },
                    "layer 'conv2d' (Conv2D): dilation_rate [2, 2] is not supported; cnnc "
                    "supports only [1, 1]"},
        ConfigError{"Groups", [](json &layers) { layers[1]["config"]["groups"] = 2; },
                    "layer 'conv2d' (Conv2D): groups 2 is not supported; cnnc supports only 1"},
        ConfigError{"UnknownActivation",
                    [](json &layers) { layers[3]["config"]["activation"] = "elu"; },
                    "layer 'dense' (Dense): activation 'elu' is not supported; cnnc has 'relu', "
                    "'softmax', 'sigmoid', 'tanh' and 'linear'"},
        ConfigError{"ActivationLayer",
                    [](json &layers) {
                      layers[2] = {{"class_name", "Activation"},
                                   {"config", {{"name", "act"}, {"activation", "swish"}}}};
                    },
                    "layer 'act' (Activation): activation 'swish' is not supported; cnnc has "
                    "'relu', 'softmax', 'sigmoid', 'tanh' and 'linear'"},
        ConfigError{"NotAPositiveInteger", [](json &layers) { layers[3]["config"]["units"] = "3"; },
                    "layer 'dense' (Dense): units must be a positive integer, got '3'"},
        ConfigError{"ControlCharacterInAName",
                    [](json &layers) { layers[3]["config"]["name"] = "de\x1bnse"; },
                    "a layer's name holds a control character (U+001B)"},
        ConfigError{"MissingRequiredKey",
                    [](json &layers) { layers[1]["config"].erase("filters"); },
                    "layer 'conv2d' (Conv2D) has no filters"},
        ConfigError{"AddInASequentialModel",
                    [](json &layers) {
                      layers[2] = {{"class_name", "Add"}, {"config", {{"name", "add"}}}};
                    },
                    "layer 'add' (Add) needs at least 2 inputs, got 1 (a Sequential model gives "
                    "it one)"},
        ConfigError{"DuplicateName", [](json &layers) { layers[2]["config"]["name"] = "conv2d"; },
                    "two layers are named 'conv2d'"}),
    [](const testing::TestParamInfo<ConfigError> &info) { return info.param.name; });

TEST(KerasImport, RefusesASharedLayer) {
  json config = functionalKeras3Config();
  json &inbound = config["config"]["layers"][2]["inbound_nodes"];
  inbound.push_back(inbound[0]);
  TempDir dir;
  writeKeras3(dir.path("f.keras"), config, functionalWeights());
  EXPECT_EQ(importError(dir.path("f.keras")),
            "layer 'left_conv' is called 2 times; cnnc does not support shared layers");
}

TEST(KerasImport, RefusesAnUnsupportedOptimizerSetting) {
  json config = tinyConfig();
  config["compile_config"] = json::parse(R"({"loss": "sparse_categorical_crossentropy",
    "optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.001, "amsgrad": true}}})");
  TempDir dir;
  writeKeras3(dir.path("m.keras"), config, tinyKeras3Weights());
  EXPECT_EQ(importError(dir.path("m.keras")),
            "the optimizer Adam: amsgrad True is not supported; cnnc supports only False");
}

TEST(KerasImport, RefusesAFileThatIsNoKerasFile) {
  TempDir dir;
  writeFile(dir.path("notes.keras"), "just some text\n");
  EXPECT_EQ(importError(dir.path("notes.keras")),
            "the file is neither a Keras 3 .keras archive nor a Keras 2 .h5 file, or it is "
            "truncated");
  EXPECT_EQ(importError(dir.path("missing.keras")), "cannot read the file: No such file");
}

TEST_F(BookModels, RefusesTruncatedCopiesOfTheBooksFiles) {
  TempDir dir;
  for (const char *file : {"best-cnn-model.keras", "best-cnn-model.h5"}) {
    std::string bytes = readFile(modelsDir + "/" + file);
    writeFile(dir.path(file), bytes.substr(0, bytes.size() / 2));
  }
  EXPECT_EQ(importError(dir.path("best-cnn-model.keras")),
            "the file is neither a Keras 3 .keras archive nor a Keras 2 .h5 file, or it is "
            "truncated");
  EXPECT_EQ(importError(dir.path("best-cnn-model.h5")), "the HDF5 file is truncated or damaged");
}

TEST(KerasImport, RefusesAnArchiveWithoutConfigOrWeights) {
  TempDir dir;
  writeZip(dir.path("a.keras"), {{"model.weights.h5", "x"}});
  EXPECT_EQ(importError(dir.path("a.keras")), "the .keras archive has no config.json");
  writeZip(dir.path("b.keras"), {{"config.json", tinyConfig().dump()}});
  EXPECT_EQ(importError(dir.path("b.keras")), "the .keras archive has no model.weights.h5");
  writeZip(dir.path("c.keras"), {{"config.json", tinyConfig().dump()}, {"model.weights.h5", "x"}});
  EXPECT_EQ(importError(dir.path("c.keras")),
            "model.weights.h5 in the archive is not a readable HDF5 file");
}

TEST(KerasImport, RefusesInvalidJson) {
  TempDir dir;
  writeHdf5(dir.path("w.h5"), tinyKeras3Weights());
  writeZip(dir.path("m.keras"), {{"config.json", "{\"class_name\": "},
                                 {"model.weights.h5", readFile(dir.path("w.h5"))}});
  EXPECT_EQ(importError(dir.path("m.keras")).rfind("config.json is not valid JSON: parse error", 0),
            0u);
}

TEST(KerasImport, RefusesWeightShapesTheFileDoesNotHold) {
  // A dense kernel declared as 2^40 floats in a small file made LLVM abort out of memory, and
  // dimensions whose product overflows threw std::length_error; neither allocates now.
  TempDir dir;
  std::vector<DatasetSpec> huge = tinyKeras3Weights();
  huge[2] = {"layers/dense/vars/0", {hsize_t{1} << 20, hsize_t{1} << 20}, false, true};
  writeKeras3(dir.path("huge.keras"), tinyConfig(), huge);
  EXPECT_EQ(importError(dir.path("huge.keras")),
            "weight 'dense.kernel' (layers/dense/vars/0) declares more than 2147483647 numbers: "
            "the file is damaged");
  std::vector<DatasetSpec> unwritten = tinyKeras3Weights();
  unwritten[2].declaredOnly = true;
  writeKeras3(dir.path("unwritten.keras"), tinyConfig(), unwritten);
  EXPECT_EQ(importError(dir.path("unwritten.keras")),
            "weight 'dense.kernel' (layers/dense/vars/0) declares 96 numbers (384 bytes) but the "
            "file stores 0 bytes of them: the file is truncated or damaged");
}

TEST(KerasImport, RefusesAMemberClaimingMoreThanTheArchiveHolds) {
  // config.json claiming 4 GB made the importer allocate 4.1 GB before it found the member
  // truncated: the claim is checked against the archive's size first.
  TempDir dir;
  writeHdf5(dir.path("w.h5"), tinyKeras3Weights());
  writeZip(dir.path("m.keras"), {{"config.json", tinyConfig().dump()},
                                 {"model.weights.h5", readFile(dir.path("w.h5"))}});
  std::string bytes = readFile(dir.path("m.keras"));
  // The uncompressed size of the first member, in its local header (offset 22) and its central
  // directory entry (offset 24).
  auto claim = [&](const std::string &signature, size_t offset) {
    const size_t at = bytes.find(signature);
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at + offset, 4, std::string("\x00\x00\x00\xf0", 4));
  };
  claim(std::string("PK\x03\x04", 4), 22);
  claim(std::string("PK\x01\x02", 4), 24);
  writeFile(dir.path("m.keras"), bytes);
  const std::string error = importError(dir.path("m.keras"));
  EXPECT_EQ(error.rfind("config.json in the archive claims 4026531840 bytes, more than a ", 0), 0u)
      << error;
}

TEST(KerasImport, MessagesShowAHugeValueShort) {
  // A message showed a 1 MB value in full; now 80 characters of it and its length.
  json config = tinyConfig();
  config["config"]["layers"][3]["config"]["units"] = std::string(1000000, '7');
  TempDir dir;
  writeKeras3(dir.path("m.keras"), config, tinyKeras3Weights());
  EXPECT_EQ(importError(dir.path("m.keras")),
            "layer 'dense' (Dense): units must be a positive integer, got '" +
                std::string(79, '7') + "... (1000002 characters)");
}

TEST(KerasImport, RefusesJsonNestedTooDeeply) {
  // A config.json nesting 100,000 levels in any field overflowed the stack (here in the units
  // of a Dense layer, which the message about them showed).
  TempDir dir;
  writeHdf5(dir.path("w.h5"), tinyKeras3Weights());
  json tiny = tinyConfig();
  tiny["config"]["layers"][3]["config"]["units"] = "UNITS";
  std::string config = tiny.dump();
  config.replace(config.find("\"UNITS\""), 7, std::string(100000, '[') + std::string(100000, ']'));
  writeZip(dir.path("m.keras"),
           {{"config.json", config}, {"model.weights.h5", readFile(dir.path("w.h5"))}});
  EXPECT_EQ(importError(dir.path("m.keras")), "config.json nests deeper than 100 levels");
}

TEST(KerasImport, RefusesAnHdf5FileWithoutModelConfig) {
  TempDir dir;
  writeHdf5(dir.path("weights.h5"), {{"model_weights/dense/dense/kernel:0", {2, 2}}});
  EXPECT_EQ(importError(dir.path("weights.h5")),
            "the HDF5 file has no model_config attribute; it holds no Keras model (weights saved "
            "alone cannot be compiled)");
}

TEST(KerasImport, RefusesAMissingWeight) {
  std::vector<DatasetSpec> weights = tinyKeras3Weights();
  weights.erase(weights.begin() + 2); // layers/dense/vars/0
  TempDir dir;
  writeKeras3(dir.path("m.keras"), tinyConfig(), weights);
  EXPECT_EQ(importError(dir.path("m.keras")),
            "no weights for layer 'dense' (expected layers/dense/vars/0)");
}

TEST(KerasImport, RefusesIntegerWeights) {
  std::vector<DatasetSpec> weights = tinyKeras3Weights();
  weights[2].integers = true;
  TempDir dir;
  writeKeras3(dir.path("m.keras"), tinyConfig(), weights);
  EXPECT_EQ(importError(dir.path("m.keras")),
            "weight 'dense.kernel' (layers/dense/vars/0) does not hold floating-point numbers");
}

} // namespace
} // namespace cnnc::test
