// Every layer of compiled models against the naive reference, on random weights and inputs.
#include "ModelSpec.h"
#include "Reference.h"
#include "SpecLibrary.h"

#include "ModelLibrary.h"

#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <random>

namespace cnnc::test {
namespace {

constexpr double kTolerance = 1e-4;

/// A compiled model with random parameters, checked layer by layer against the reference.
class NumericsCheck {
public:
  NumericsCheck(const ModelSpec &spec) : spec(spec), library(compileSpec(spec), 0) {
    std::mt19937 rng(1234);
    params = setRandomParams(library, rng).tensors;
  }

  double worst = 0; // the largest relative error seen over all layers and batches

  void checkBatch(int64_t batch) {
    std::mt19937 rng(batch);
    const SpecInputs inputs = randomInputs(spec, batch, rng);
    const std::vector<const float *> &inputPointers = inputs.pointers;

    auto expected =
        spec.evaluate(inputs.tensors, [&](const std::string &name) { return params.at(name); });
    for (const LayerSpec &l : spec.layers) {
      const Tensor &want = expected.at(l.name);
      std::vector<float> got(want.size());
      library.check(cnn_layer_output(library.model(), l.name.c_str(), batch, inputPointers.data(),
                                     got.data(), got.size()));
      double error = relativeError(got, want);
      worst = std::max(worst, error);
      EXPECT_LE(error, kTolerance)
          << "layer " << l.name << " of " << spec.name << ", batch " << batch;
    }

    // The model's outputs through cnn_forward agree too.
    std::vector<std::vector<float>> outputs;
    std::vector<float *> outputPointers;
    for (const std::string &name : spec.outputs)
      outputs.emplace_back(expected.at(name).size());
    for (auto &data : outputs)
      outputPointers.push_back(data.data());
    library.check(cnn_forward(library.model(), batch, inputPointers.data(), outputPointers.data()));
    for (size_t i = 0; i < spec.outputs.size(); ++i)
      EXPECT_LE(relativeError(outputs[i], expected.at(spec.outputs[i])), kTolerance)
          << "output " << spec.outputs[i] << ", batch " << batch;
  }

private:
  const ModelSpec &spec;
  cnn::ModelLibrary library;
  std::map<std::string, Tensor> params;
};

void checkAllBatches(const ModelSpec &spec) {
  NumericsCheck check(spec);
  removeScratch(); // the library stays mapped
  for (int64_t batch : {1, 7, 64})
    check.checkBatch(batch);
  std::cout << spec.name << ": largest relative error " << check.worst << " (bound " << kTolerance
            << ")\n";
}

constexpr bool kValid = false, kSame = true;

TEST(Numerics, ConvPoolDenseAndMergeLayersOnThreeChannels) {
  ModelSpec spec{"rgb_ops",
                 {input("x", {9, 11, 3}),
                  conv("c_same", "x", 8, {3, 3, 1, 1, kSame}, Act::Relu),
                  conv("c_valid_s2", "x", 5, {2, 4, 2, 2, kValid}, Act::Linear),
                  conv("c_same_s21", "x", 20, {5, 3, 2, 1, kSame}, Act::Linear, false),
                  conv("c_wide", "x", 32, {3, 3, 1, 1, kValid}, Act::Relu),
                  conv("c_softmax", "x", 6, {1, 1, 1, 1, kValid}, Act::Softmax),
                  conv("c_point", "x", 8, {1, 1, 1, 1, kValid}, Act::Linear),
                  conv("c_wide_pad", "x", 32, {3, 3, 1, 1, kSame}, Act::Relu),
                  pool("mp", "c_same", {2, 2, 2, 2, kValid}, true),
                  pool("mp_same", "c_same", {3, 3, 2, 2, kSame}, true),
                  pool("ap", "c_same_s21", {2, 2, 2, 2, kValid}, false),
                  pool("ap_same", "c_same", {3, 2, 2, 1, kSame}, false),
                  unary(Kind::Relu, "r", "c_valid_s2"),
                  merge(Kind::Add, "sum", {"c_same", "c_point"}),
                  merge(Kind::Concat, "cat", {"c_same", "c_point", "c_wide_pad"}),
                  unary(Kind::Flatten, "f", "ap_same"),
                  dense("d1", "f", 13, Act::Relu),
                  unary(Kind::Dropout, "drop", "d1"),
                  dense("d2", "drop", 10, Act::Softmax),
                  unary(Kind::Flatten, "f2", "mp"),
                  dense("d3", "f2", 7, Act::Linear, false),
                  unary(Kind::Softmax, "sm", "d3")},
                 {"d2", "sm", "cat", "c_softmax", "sum", "r", "ap", "mp_same", "c_wide"}};
  checkAllBatches(spec);
}

TEST(Numerics, SigmoidAndTanhActivations) {
  ModelSpec spec{"activations",
                 {input("x", {6, 5, 3}), conv("c_tanh", "x", 8, {3, 3, 1, 1, kSame}, Act::Tanh),
                  conv("c_sigmoid", "x", 4, {2, 2, 1, 1, kValid}, Act::Sigmoid),
                  unary(Kind::Flatten, "f", "c_tanh"), dense("d_sigmoid", "f", 9, Act::Sigmoid),
                  dense("d_tanh", "f", 7, Act::Tanh), activation("a_tanh", "d_sigmoid", Act::Tanh),
                  activation("a_sigmoid", "c_sigmoid", Act::Sigmoid),
                  activation("a_softmax", "d_tanh", Act::Softmax),
                  activation("a_linear", "d_tanh", Act::Linear)},
                 {"a_softmax", "a_tanh", "a_sigmoid", "a_linear", "d_tanh"}};
  checkAllBatches(spec);
}

TEST(Numerics, ConvAndPoolingOnOneChannel) {
  ModelSpec spec{"gray_ops",
                 {input("x", {12, 10, 1}), conv("c1", "x", 16, {3, 3, 1, 1, kSame}, Act::Relu),
                  conv("c2", "x", 4, {4, 2, 1, 2, kValid}, Act::Linear),
                  conv("c3", "c1", 24, {3, 5, 2, 2, kSame}, Act::Relu),
                  pool("p1", "c1", {2, 2, 2, 2, kValid}, true),
                  pool("p2", "c2", {3, 1, 3, 1, kValid}, false),
                  pool("p3", "c3", {2, 3, 1, 2, kSame}, true), unary(Kind::Flatten, "f", "p3"),
                  dense("d", "f", 3, Act::Softmax)},
                 {"d", "p1", "p2"}};
  checkAllBatches(spec);
}

// Chains the fusion pass joins (a Conv2D with its ReLU, or with a ReLU layer, then max or average
// pooling, with overlapping and padded windows) next to one it must not: a ReLU output used twice.
// Every layer is also read on its own, including those inside the fused kernels.
TEST(Numerics, FusedConvReluPoolChains) {
  ModelSpec spec{"fused_chains",
                 {input("x", {11, 10, 3}), conv("c1", "x", 16, {3, 3, 1, 1, kSame}, Act::Relu),
                  pool("p1", "c1", {2, 2, 2, 2, kValid}, true),
                  conv("c2", "x", 8, {3, 3, 1, 1, kSame}, Act::Linear),
                  unary(Kind::Relu, "r2", "c2"), pool("p2", "r2", {3, 3, 2, 2, kSame}, true),
                  conv("c3", "x", 20, {2, 2, 1, 1, kValid}, Act::Relu),
                  pool("p3", "c3", {3, 2, 2, 1, kSame}, false),
                  conv("c4", "x", 16, {3, 3, 1, 1, kSame}, Act::Relu),
                  pool("p4", "c4", {2, 2, 2, 2, kValid}, true),
                  merge(Kind::Add, "twice", {"c4", "c4"}), unary(Kind::Flatten, "f", "p3"),
                  dense("d", "f", 5, Act::Softmax)},
                 {"d", "p1", "p2", "p4", "twice"}};
  checkAllBatches(spec);
}

TEST(Numerics, TheBooksModel) {
  ModelSpec spec{
      "fashion_cnn",
      {input("input_1", {28, 28, 1}), conv("conv2d", "input_1", 32, {3, 3, 1, 1, kSame}, Act::Relu),
       pool("max_pooling2d", "conv2d", {2, 2, 2, 2, kValid}, true),
       conv("conv2d_1", "max_pooling2d", 64, {3, 3, 1, 1, kSame}, Act::Relu),
       pool("max_pooling2d_1", "conv2d_1", {2, 2, 2, 2, kValid}, true),
       unary(Kind::Flatten, "flatten", "max_pooling2d_1"),
       dense("dense", "flatten", 100, Act::Relu), unary(Kind::Dropout, "dropout", "dense"),
       dense("dense_1", "dropout", 10, Act::Softmax)},
      {"dense_1"}};
  checkAllBatches(spec);
}

} // namespace
} // namespace cnnc::test
