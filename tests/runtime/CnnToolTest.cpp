// The cnn command line, run as a program on model libraries built from the test models.
#include "Npy.h"
#include "TestModels.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sys/wait.h>

namespace {

struct Result {
  int status;
  std::string output; // stdout and stderr together
};

Result cnn(const std::string &arguments) {
  Result result{-1, ""};
  FILE *pipe = popen((std::string(CNN_TOOL) + " " + arguments + " 2>&1").c_str(), "r");
  if (!pipe)
    return result;
  char chunk[4096];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, pipe)) > 0)
    result.output.append(chunk, got);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

const std::string kTiny = TINY_MODEL_LIBRARY;
const std::string kClassifier = CLASSIFIER_MODEL_LIBRARY;

TEST(CnnSummary, PrintsKerasTableForASequentialModel) {
  const Result result = cnn("summary " + kTiny);
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.output, R"(Model: "tiny"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 scale (Scale)               (None, 2, 3, 4)           28

 flatten (Flatten)           (None, 24)                0

 dense (Dense)               (None, 3)                 75
=================================================================
Total params: 103
Trainable params: 103
Non-trainable params: 0
_________________________________________________________________
)");
}

TEST(CnnSummary, ShowsInputsAndConnectionsForAFunctionalModel) {
  const Result result = cnn("summary --threads 1 " TWO_VIEWS_MODEL_LIBRARY);
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.output, R"(Model: "two_views"
__________________________________________________________________________________________________
 Layer (type)                   Output Shape         Param #     Connected to
==================================================================================================
 left (InputLayer)              [(None, 8, 8, 2)]    0           []

 right (InputLayer)             [(None, 8, 8, 2)]    0           []

 scale (Scale)                  (None, 8, 8, 2)      130         ['left[0][0]']

 scale_1 (Scale)                (None, 8, 8, 2)      130         ['right[0][0]']

 add (Add)                      (None, 8, 8, 2)      0           ['scale[0][0]', 'scale_1[0][0]']

 flatten (Flatten)              (None, 128)          0           ['add[0][0]']

 dense (Dense)                  (None, 10)           1,290       ['flatten[0][0]']
==================================================================================================
Total params: 1,550
Trainable params: 1,550
Non-trainable params: 0
__________________________________________________________________________________________________
)");
}

TEST(CnnSummary, RejectsALibraryWithoutTheEntryPoint) {
  const Result result = cnn("summary " NOT_A_MODEL_LIBRARY);
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: " NOT_A_MODEL_LIBRARY " is not a cnnc model library (it "
                           "has no cnnc_loadable_model); compile one with cnnc\n");
}

TEST(CnnSummary, RejectsAModelOfAnotherAbiNamingBoth) {
  const Result result = cnn("summary " OTHER_ABI_MODEL_LIBRARY);
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: " OTHER_ABI_MODEL_LIBRARY ": the model was compiled for "
                           "cnnc runtime ABI " +
                               std::to_string(CNN_ABI_VERSION + 1) +
                               ", this runtime (libcnnrt) has ABI " +
                               std::to_string(CNN_ABI_VERSION) +
                               ": recompile the model with the cnnc of this runtime\n");
}

TEST(CnnTool, ReportsCommandLineErrorsOnOneLine) {
  for (const char *arguments :
       {"", "frobnicate", "summary", "init " TINY_MODEL_LIBRARY,
        "summary --threads -2 " TINY_MODEL_LIBRARY, "evaluate " TINY_MODEL_LIBRARY " --weights w",
        "evaluate " TINY_MODEL_LIBRARY " --weights w --data d --batch-size 0"}) {
    const Result result = cnn(arguments);
    EXPECT_EQ(result.status, 1) << arguments;
    EXPECT_EQ(result.output.rfind("cnn: error: ", 0), 0u) << result.output;
    EXPECT_EQ(result.output.find('\n'), result.output.size() - 1) << result.output;
  }
}

TEST(CnnTool, EverySubcommandHasHelp) {
  for (const char *command : {"summary", "init", "run", "evaluate", "predict"}) {
    const Result result = cnn(std::string(command) + " --help");
    EXPECT_EQ(result.status, 0) << command;
    EXPECT_NE(result.output.find("--threads"), std::string::npos) << result.output;
  }
}

class CnnFiles : public ::testing::Test {
protected:
  TempDir dir_;
};

TEST_F(CnnFiles, InitWritesTheRuntimesGlorotWeights) {
  const std::string path = dir_.file("w.safetensors");
  const Result result = cnn("init " + kTiny + " --seed 3 -o " + path);
  ASSERT_EQ(result.status, 0) << result.output;
  ModelPtr fromTool = createTinyModel(), expected = createTinyModel();
  ASSERT_EQ(cnn_load_weights(fromTool.get(), path.c_str()), CNN_OK) << cnn_last_error();
  ASSERT_EQ(cnn_init_params(expected.get(), 3), CNN_OK);
  EXPECT_EQ(allParams(fromTool.get()), allParams(expected.get()));
}

class CnnRun : public CnnFiles {
protected:
  void SetUp() override {
    model_ = createTinyModel();
    ASSERT_EQ(cnn_init_params(model_.get(), 5), CNN_OK);
    setParam(model_.get(), "scale.bias", {0.5f, -0.25f, 1.0f, 0.0f});
    weights_ = dir_.file("w.safetensors");
    ASSERT_EQ(cnn_save_weights(model_.get(), weights_.c_str()), CNN_OK);
    input_ = ramp(5 * 24, -0.3f, 0.17f);
    inputPath_ = dir_.file("x.npy");
    cnn::npy::write(inputPath_, {5, 2, 3, 4}, input_.data());
  }
  std::string run(const std::string &extra) const {
    return "run " + kTiny + " --weights " + weights_ + " --input " + inputPath_ + " " + extra;
  }
  ModelPtr model_;
  std::string weights_, inputPath_;
  std::vector<float> input_;
};

TEST_F(CnnRun, WritesTheModelsOutput) {
  const std::string out = dir_.file("y.npy");
  const Result result = cnn(run("--output " + out));
  ASSERT_EQ(result.status, 0) << result.output;
  const cnn::npy::Array array = cnn::npy::read(out);
  EXPECT_EQ(array.shape, (std::vector<int64_t>{5, 3}));
  std::vector<float> expected(15);
  const float *inputs[] = {input_.data()};
  float *outputs[] = {expected.data()};
  ASSERT_EQ(cnn_forward(model_.get(), 5, inputs, outputs), CNN_OK);
  EXPECT_EQ(array.data, expected);
}

TEST_F(CnnRun, WritesOneLayersOutput) {
  const std::string out = dir_.file("scale.npy");
  const Result result = cnn(run("--layer scale --output " + out));
  ASSERT_EQ(result.status, 0) << result.output;
  const cnn::npy::Array array = cnn::npy::read(out);
  EXPECT_EQ(array.shape, (std::vector<int64_t>{5, 2, 3, 4}));
  EXPECT_EQ(array.data, scaleReference(input_, getParam(model_.get(), "scale.kernel"),
                                       getParam(model_.get(), "scale.bias")));
}

TEST_F(CnnRun, RejectsAnInputOfTheWrongShape) {
  std::vector<float> flat(5 * 6);
  cnn::npy::write(inputPath_, {5, 2, 3}, flat.data());
  const Result result = cnn(run("--output " + dir_.file("y.npy")));
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: " + inputPath_ +
                               " has shape (5, 2, 3), input 'input_1' expects (N, 2, 3, 4)\n");
}

TEST_F(CnnRun, RejectsFloat64Input) {
  writeFile(inputPath_, npyBytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                                 std::string(8, '\0')));
  const Result result = cnn(run("--output " + dir_.file("y.npy")));
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output,
            "cnn: error: " + inputPath_ + " holds '<f8' data; cnn run needs float32 ('<f4')\n");
}

TEST_F(CnnRun, NeedsOneOutputPerModelOutput) {
  const Result result = cnn(run("--output a.npy --output b.npy"));
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: model 'tiny' has 1 outputs ('dense'), got 2 --output\n");
}

TEST_F(CnnRun, ReportsAnUnknownLayer) {
  const Result result = cnn(run("--layer conv2d --output a.npy"));
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: model 'tiny' has no layer 'conv2d'\n");
}

TEST_F(CnnRun, ReportsAMissingWeightsFile) {
  const Result result =
      cnn("run " + kTiny + " --weights none.safetensors --input x.npy --output y.npy");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output,
            "cnn: error: cannot read weights file none.safetensors: No such file or directory\n");
}

// The classifier's library, its weights and a test split of five 2x2 images in the temporary
// folder.
class CnnData : public CnnFiles {
protected:
  void SetUp() override {
    model_ = createModel(classifierModel());
    setParam(model_.get(), "dense.kernel", ramp(12, -1.5f, 0.83f));
    setParam(model_.get(), "dense.bias", {0.2f, -0.1f, 0.05f});
    weights_ = dir_.file("w.safetensors");
    ASSERT_EQ(cnn_save_weights(model_.get(), weights_.c_str()), CNN_OK);
    std::string pixels;
    for (int i = 0; i < 5 * 4; ++i)
      pixels += static_cast<char>(i * 37 % 256);
    writeIdxSplit(dir_, "t10k", 2, 2, pixels, {0, 1, 2, 1, 0}, true);
    folder_ = dir_.file("");
    cnn_dataset *dataset = nullptr;
    ASSERT_EQ(cnn_dataset_load(folder_.c_str(), "test", &dataset), CNN_OK) << cnn_last_error();
    images_.assign(cnn_dataset_images(dataset), cnn_dataset_images(dataset) + 5 * 4);
    labels_.assign(cnn_dataset_labels(dataset), cnn_dataset_labels(dataset) + 5);
    cnn_dataset_destroy(dataset);
  }
  std::string command(const std::string &name, const std::string &library,
                      const std::string &extra) const {
    return name + " " + library + " --weights " + weights_ + " --data " + folder_ + " " + extra;
  }
  ModelPtr model_;
  std::string weights_, folder_;
  std::vector<float> images_;
  std::vector<int32_t> labels_;
};

TEST_F(CnnData, EvaluatePrintsKerasLineThenTheTiming) {
  double loss, accuracy;
  const float *inputs[] = {images_.data()};
  ASSERT_EQ(cnn_evaluate(model_.get(), inputs, labels_.data(), 5, 5, &loss, &accuracy), CNN_OK);
  char expected[64];
  std::snprintf(expected, sizeof expected, "loss: %.4f - accuracy: %.4f\n", loss, accuracy);
  const Result result = cnn(command("evaluate", kClassifier, "--batch-size 2 --threads 1"));
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_EQ(result.output.rfind(expected, 0), 0u) << result.output;
  const std::string timing = result.output.substr(std::strlen(expected));
  EXPECT_EQ(timing.rfind("evaluated 5 images in ", 0), 0u) << timing;
  const std::string end = " images/s)\n";
  EXPECT_EQ(timing.substr(timing.size() - end.size()), end) << timing;
}

TEST_F(CnnData, PredictPrintsEachClassAndTheLabel) {
  std::vector<float> p(3);
  const float *inputs[] = {images_.data() + 3 * 4};
  float *outputs[] = {p.data()};
  ASSERT_EQ(cnn_forward(model_.get(), 1, inputs, outputs), CNN_OK);
  const int best = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
  std::string expected;
  char line[64];
  for (int c = 0; c < 3; ++c) {
    std::snprintf(line, sizeof line, "class %d  %.6f%s\n", c, p[c],
                  c == best ? "  <- largest" : "");
    expected += line;
  }
  std::snprintf(line, sizeof line, "predicted: class %d (%.4f), label: class 1\n", best, p[best]);
  expected += line;
  const Result result = cnn(command("predict", kClassifier, "--index 3"));
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.output, expected);
}

TEST_F(CnnData, PredictRejectsAnIndexOutsideTheSplit) {
  const Result result = cnn(command("predict", kClassifier, "--index 5"));
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: --index 5 is outside 0..4 (the test split of " + folder_ +
                               " holds 5 images)\n");
}

TEST_F(CnnData, RejectsImagesOfAnotherShape) {
  ModelPtr tiny = createTinyModel();
  ASSERT_EQ(cnn_save_weights(tiny.get(), weights_.c_str()), CNN_OK);
  const Result result = cnn(command("evaluate", kTiny, ""));
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: " + folder_ +
                               ": shape (5, 2, 2, 1) does not match the model's input 'input_1' "
                               "(None, 2, 3, 4)\n");
}

} // namespace
