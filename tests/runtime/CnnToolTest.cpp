// The cnn command line, run as a program on model libraries built from the test models.
#include "Npy.h"
#include "TestModels.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cstdio>
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

TEST(CnnSummary, RejectsALibraryWithoutTheApi) {
  const Result result = cnn("summary " NOT_A_MODEL_LIBRARY);
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.output, "cnn: error: " NOT_A_MODEL_LIBRARY
                           " is not a cnnc model library (missing cnn_create)\n");
}

TEST(CnnTool, ReportsCommandLineErrorsOnOneLine) {
  for (const char *arguments : {"", "frobnicate", "summary", "init " TINY_MODEL_LIBRARY,
                                "summary --threads -2 " TINY_MODEL_LIBRARY}) {
    const Result result = cnn(arguments);
    EXPECT_EQ(result.status, 1) << arguments;
    EXPECT_EQ(result.output.rfind("cnn: error: ", 0), 0u) << result.output;
    EXPECT_EQ(result.output.find('\n'), result.output.size() - 1) << result.output;
  }
}

TEST(CnnTool, EverySubcommandHasHelp) {
  for (const char *command : {"summary", "init", "run"}) {
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
  ModelPtr fromTool = createGeneratedModel(), expected = createGeneratedModel();
  ASSERT_EQ(cnn_load_weights(fromTool.get(), path.c_str()), CNN_OK) << cnn_last_error();
  ASSERT_EQ(cnn_init_params(expected.get(), 3), CNN_OK);
  EXPECT_EQ(allParams(fromTool.get()), allParams(expected.get()));
}

class CnnRun : public CnnFiles {
protected:
  void SetUp() override {
    model_ = createGeneratedModel();
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
            "cnn: error: cannot open weights file none.safetensors: No such file or directory\n");
}

} // namespace
