// Creating models and describing their layers, inputs, outputs and parameters.
#include "Model.h"
#include "Errors.h"
#include "TestModels.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::vector<int64_t> shapeOf(const cnn_layer_info &info) {
  return std::vector<int64_t>(info.shape, info.shape + info.rank);
}

TEST(Model, CreatesACompiledModelAndDestroysIt) {
  cnn_model *model = nullptr;
  ASSERT_EQ(cnn_create(&tinyModel(), &model), CNN_OK) << cnn_last_error();
  ASSERT_NE(model, nullptr);
  EXPECT_STREQ(cnn_model_name(model), "tiny");
  cnn_destroy(model);
}

TEST(Model, CreateRejectsANullPointer) {
  EXPECT_EQ(cnn_create(&tinyModel(), nullptr), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the model pointer is null");
  cnn_model *model = nullptr;
  EXPECT_EQ(cnn_create(nullptr, &model), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the compiled model (the entry point's result) is null");
}

TEST(Model, RefusesAModelOfAnotherAbi) {
  EXPECT_EQ(cnn_abi_version(), CNN_ABI_VERSION);
  cnn_model_desc desc = tinyModel();
  desc.abi_version = CNN_ABI_VERSION + 1;
  cnn_model *model = nullptr;
  EXPECT_EQ(cnn_create(&desc, &model), CNN_ERROR_FORMAT);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(std::string(cnn_last_error()),
            "the model was compiled for cnnc runtime ABI " + std::to_string(CNN_ABI_VERSION + 1) +
                ", this runtime (libcnnrt) has ABI " + std::to_string(CNN_ABI_VERSION) +
                ": recompile the model with the cnnc of this runtime");
}

TEST(Model, OpensAModelLibraryByPath) {
  cnn_model *model = nullptr;
  ASSERT_EQ(cnn_open(TINY_MODEL_LIBRARY, &model), CNN_OK) << cnn_last_error();
  EXPECT_STREQ(cnn_model_name(model), "tiny");
  EXPECT_EQ(cnn_has_embedded_weights(model), 0);
  cnn_destroy(model);
  EXPECT_EQ(cnn_open(NOT_A_MODEL_LIBRARY, &model), CNN_ERROR_FORMAT);
  EXPECT_EQ(std::string(cnn_last_error()),
            NOT_A_MODEL_LIBRARY " is not a cnnc model library (it "
                                "has no cnnc_loadable_model); compile one with cnnc");
  EXPECT_EQ(cnn_open(OLDER_MODEL_LIBRARY, &model), CNN_ERROR_FORMAT);
  EXPECT_EQ(std::string(cnn_last_error()),
            OLDER_MODEL_LIBRARY " was compiled by an older cnnc (before runtime ABI " +
                std::to_string(CNN_ABI_VERSION) + "); recompile it with this cnnc");
  EXPECT_EQ(cnn_open("/nonexistent/m.so", &model), CNN_ERROR_IO);
  EXPECT_EQ(std::string(cnn_last_error()).rfind("cannot load /nonexistent/m.so: ", 0), 0u);
}

TEST(Model, DescribesEachLayer) {
  ModelPtr model = createTinyModel();
  ASSERT_EQ(cnn_num_layers(model.get()), 4);
  const struct {
    const char *name, *type;
    std::vector<int64_t> shape;
    int64_t params;
    int inputs;
  } expected[] = {{"input_1", "InputLayer", {-1, 2, 3, 4}, 0, 0},
                  {"scale", "Scale", {-1, 2, 3, 4}, 28, 1},
                  {"flatten", "Flatten", {-1, 24}, 0, 1},
                  {"dense", "Dense", {-1, 3}, 75, 1}};
  for (int l = 0; l < 4; ++l) {
    cnn_layer_info info;
    ASSERT_EQ(cnn_layer_info_at(model.get(), l, &info), CNN_OK);
    EXPECT_STREQ(info.name, expected[l].name);
    EXPECT_STREQ(info.type, expected[l].type);
    EXPECT_EQ(shapeOf(info), expected[l].shape);
    EXPECT_EQ(info.num_params, expected[l].params);
    EXPECT_EQ(info.num_inputs, expected[l].inputs);
    EXPECT_EQ(cnn_find_layer(model.get(), expected[l].name), l);
    if (l > 0) {
      EXPECT_EQ(cnn_layer_input(model.get(), l, 0), l - 1);
    }
  }
  EXPECT_EQ(cnn_find_layer(model.get(), "nope"), -1);
  // A null model or name is an error with a message, not only -1.
  EXPECT_EQ(cnn_find_layer(nullptr, "dense"), -1);
  EXPECT_STREQ(cnn_last_error(), "the model is null");
  EXPECT_EQ(cnn_find_layer(model.get(), nullptr), -1);
  EXPECT_STREQ(cnn_last_error(), "the layer name is null");
  EXPECT_EQ(cnn_is_functional(model.get()), 0);
  EXPECT_EQ(cnn_num_inputs(model.get()), 1);
  EXPECT_EQ(cnn_input_layer(model.get(), 0), 0);
  EXPECT_EQ(cnn_num_outputs(model.get()), 1);
  EXPECT_EQ(cnn_output_layer(model.get(), 0), 3);
}

TEST(Model, RejectsOutOfRangeIndices) {
  ModelPtr model = createTinyModel();
  cnn_layer_info info;
  EXPECT_EQ(cnn_layer_info_at(model.get(), 4, &info), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "layer index 4 is out of range (the model has 4 layers)");
  EXPECT_EQ(cnn_layer_input(model.get(), 2, 1), -1);
  EXPECT_STREQ(cnn_last_error(), "input slot 1 is out of range (there are 1)");
  EXPECT_EQ(cnn_input_layer(model.get(), 1), -1);
  EXPECT_EQ(cnn_output_layer(model.get(), -1), -1);
  cnn_tensor_info tensor;
  EXPECT_EQ(cnn_param_info(model.get(), 4, &tensor), CNN_ERROR_ARGUMENT);
  EXPECT_EQ(cnn_num_layers(nullptr), 0);
  EXPECT_STREQ(cnn_last_error(), "the model is null");
}

TEST(Model, ListsParametersInKerasLayout) {
  ModelPtr model = createTinyModel();
  ASSERT_EQ(cnn_num_params(model.get()), 4);
  const struct {
    const char *name;
    std::vector<int64_t> shape;
  } expected[] = {{"scale.kernel", {2, 3, 4}},
                  {"scale.bias", {4}},
                  {"dense.kernel", {24, 3}},
                  {"dense.bias", {3}}};
  for (int p = 0; p < 4; ++p) {
    cnn_tensor_info info;
    ASSERT_EQ(cnn_param_info(model.get(), p, &info), CNN_OK);
    EXPECT_STREQ(info.name, expected[p].name);
    EXPECT_EQ(std::vector<int64_t>(info.shape, info.shape + info.rank), expected[p].shape);
  }
}

TEST(Model, FunctionalModelReportsItsConnections) {
  ModelPtr model = createModel(twoViewsModel());
  EXPECT_EQ(cnn_is_functional(model.get()), 1);
  const int add = cnn_find_layer(model.get(), "add");
  cnn_layer_info info;
  ASSERT_EQ(cnn_layer_info_at(model.get(), add, &info), CNN_OK);
  EXPECT_EQ(info.num_inputs, 2);
  EXPECT_EQ(cnn_layer_input(model.get(), add, 0), cnn_find_layer(model.get(), "scale"));
  EXPECT_EQ(cnn_layer_input(model.get(), add, 1), cnn_find_layer(model.get(), "scale_1"));
  EXPECT_EQ(cnn_num_inputs(model.get()), 2);
  EXPECT_EQ(cnn_input_layer(model.get(), 1), cnn_find_layer(model.get(), "right"));
  EXPECT_EQ(cnn_num_outputs(model.get()), 2);
  EXPECT_EQ(cnn_output_layer(model.get(), 0), cnn_find_layer(model.get(), "dense"));
  EXPECT_EQ(cnn_output_layer(model.get(), 1), cnn_find_layer(model.get(), "scale"));
}

TEST(Model, RejectsADescriptorWhoseLayerReadsALaterOne) {
  std::vector<cnn_layer_desc> layers(tinyModel().layers, tinyModel().layers + 4);
  layers[1].inputs[0] = 2;
  cnn_model_desc desc = tinyModel();
  desc.layers = layers.data();
  try {
    createModel(desc);
    FAIL() << "the descriptor was accepted";
  } catch (const cnnrt::Error &error) {
    EXPECT_EQ(error.status(), CNN_ERROR_FORMAT);
    EXPECT_STREQ(error.what(), "model descriptor: layer 1 ('scale') reads layer 2, which does not "
                               "come before it");
  }
}

TEST(Model, RejectsAReshapeThatChangesTheSize) {
  std::vector<cnn_layer_desc> layers(tinyModel().layers, tinyModel().layers + 4);
  layers[2].shape[1] = 25;
  cnn_model_desc desc = tinyModel();
  desc.layers = layers.data();
  EXPECT_THROW(createModel(desc), cnnrt::Error);
}

} // namespace
