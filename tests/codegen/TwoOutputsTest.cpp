// A classification head and a second head trained with mse, mae or binary_crossentropy: every
// parameter's gradient of the weighted total loss against central finite differences of the
// double-precision reference, and training that lowers both outputs' losses.
#include "ModelSpec.h"
#include "Reference.h"
#include "SpecLibrary.h"

#include "ModelLibrary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <random>

namespace cnnc::test {
namespace {

constexpr double kGradientTolerance = 1e-3;
constexpr double kStep = 1e-5;
constexpr double kSecondWeight = 0.5;

/// The second head's loss and the activation it ends with.
struct Head {
  std::string loss;
  Act act;
  std::string activation;
};

ModelSpec twoHeads(const Head &head) {
  return {"two_heads_" + head.loss,
          {input("x", {4}), dense("trunk", "x", 6, Act::Relu),
           dense("class", "trunk", 3, Act::Softmax), dense("size", "trunk", 2, head.act)},
          {"class", "size"}};
}

/// The same model as cnn IR, with compile()'s per-output losses and loss weights.
std::string twoHeadsIr(const Head &head) {
  return "func @two_heads() -> (tensor<?x3xf32>, tensor<?x2xf32>) attributes {cnn.compile = "
         "{learning_rate = 1.000000e-02 : f64, loss = [\"sparse_categorical_crossentropy\", \"" +
         head.loss +
         "\"], loss_weights = [1.000000e+00, 5.000000e-01], optimizer = \"adam\"}} {\n"
         "  %0 = cnn.input {name = \"x\"} : tensor<?x4xf32>\n"
         "  %1 = cnn.dense %0 {activation = \"relu\", name = \"trunk\", units = 6 : i64, use_bias "
         "= "
         "true} : tensor<?x4xf32> -> tensor<?x6xf32>\n"
         "  %2 = cnn.dense %1 {activation = \"softmax\", name = \"class\", units = 3 : i64, "
         "use_bias = true} : tensor<?x6xf32> -> tensor<?x3xf32>\n"
         "  %3 = cnn.dense %1 {activation = \"" +
         head.activation +
         "\", name = \"size\", units = 2 : i64, use_bias = true} : tensor<?x6xf32> -> "
         "tensor<?x2xf32>\n"
         "  cnn.output %2, %3 : tensor<?x3xf32>, tensor<?x2xf32>\n}\n";
}

/// Keras's mean of the loss over every element of the predictions.
double secondLoss(const std::string &loss, const Tensor &predictions,
                  const std::vector<float> &targets) {
  double total = 0;
  for (int64_t i = 0; i < predictions.size(); ++i) {
    const double p = predictions.data[i], y = targets[i];
    total += loss == "mse"   ? (p - y) * (p - y)
             : loss == "mae" ? std::abs(p - y)
                             : -(y * std::log(p) + (1 - y) * std::log(1 - p));
  }
  return total / (double)predictions.size();
}

struct Batch {
  int64_t size;
  SpecInputs inputs;
  std::vector<int32_t> labels;
  std::vector<float> targets;
  std::vector<cnn_targets> perOutput() const {
    return {{labels.data(), nullptr}, {nullptr, targets.data()}};
  }
};

class TwoHeadModel {
public:
  explicit TwoHeadModel(const Head &head)
      : head(head), spec(twoHeads(head)),
        compiled(compileText(spec.name, twoHeadsIr(head), ".mlir"), 1) {
    removeScratch();
    std::mt19937 rng(99);
    SpecParams random = setRandomParams(compiled, rng);
    params = std::move(random.tensors);
    paramNames = std::move(random.names);
  }

  Batch randomBatch(int64_t size, unsigned seed) const {
    std::mt19937 rng(seed);
    Batch batch{size, randomInputs(spec, size, rng), {}, {}};
    std::uniform_int_distribution<int32_t> label(0, 2);
    std::uniform_real_distribution<float> target(head.loss == "binary_crossentropy" ? 0.0f : -1.0f,
                                                 1.0f);
    for (int64_t n = 0; n < size; ++n) {
      batch.labels.push_back(label(rng));
      for (int u = 0; u < 2; ++u)
        batch.targets.push_back(head.loss == "binary_crossentropy" ? (float)(target(rng) > 0.5f)
                                                                   : target(rng));
    }
    return batch;
  }

  /// The reference's losses of both outputs.
  std::pair<double, double> losses(const Batch &batch) const {
    std::map<std::string, Tensor> outputs = spec.evaluate(
        batch.inputs.tensors, [&](const std::string &name) { return params.at(name); }, 0);
    return {crossEntropy(outputs.at("class"), batch.labels),
            secondLoss(head.loss, outputs.at("size"), batch.targets)};
  }

  double totalLoss(const Batch &batch) const {
    auto [first, second] = losses(batch);
    return first + kSecondWeight * second;
  }

  Tensor numericGradient(const std::string &name, const Batch &batch) {
    Tensor &param = params.at(name);
    Tensor gradient(param.shape);
    for (int64_t i = 0; i < param.size(); ++i) {
      const double saved = param.data[i];
      param.data[i] = saved + kStep;
      const double above = totalLoss(batch);
      param.data[i] = saved - kStep;
      const double below = totalLoss(batch);
      param.data[i] = saved;
      gradient.data[i] = (above - below) / (2 * kStep);
    }
    return gradient;
  }

  std::vector<float> generatedGradient(const std::string &name) const {
    std::vector<float> gradient(params.at(name).size());
    compiled.check(
        cnn_get_gradient(compiled.model(), name.c_str(), gradient.data(), gradient.size()));
    return gradient;
  }

  Head head;
  ModelSpec spec;
  cnn::ModelLibrary compiled;
  std::map<std::string, Tensor> params;
  std::vector<std::string> paramNames;
};

void checkGradients(const Head &head) {
  TwoHeadModel model(head);
  EXPECT_EQ(cnn_output_loss(model.compiled.model(), 0), CNN_LOSS_CROSSENTROPY);
  double worst = 0;
  for (int64_t size : {1, 5}) {
    Batch batch = model.randomBatch(size, 300 + (unsigned)size);
    std::vector<cnn_targets> targets = batch.perOutput();
    double loss = 0, outputLosses[2] = {0, 0};
    model.compiled.check(cnn_compute_gradients_targets(model.compiled.model(), size,
                                                       batch.inputs.pointers.data(), targets.data(),
                                                       0, &loss, outputLosses));
    auto [first, second] = model.losses(batch);
    EXPECT_NEAR(outputLosses[0], first, 1e-5 * std::max(1.0, first));
    EXPECT_NEAR(outputLosses[1], second, 1e-5 * std::max(1.0, second));
    EXPECT_NEAR(loss, first + kSecondWeight * second, 1e-5 * std::max(1.0, loss));
    for (const std::string &name : model.paramNames) {
      const Tensor expected = model.numericGradient(name, batch);
      const std::vector<float> generated = model.generatedGradient(name);
      if (name.rfind("size.", 0) == 0) {
        double largest = 0;
        for (float g : generated)
          largest = std::max(largest, (double)std::abs(g));
        EXPECT_GT(largest, 1e-4) << name << ": the second output's parameters get a gradient";
      }
      const double error = relativeError(generated, expected);
      worst = std::max(worst, error);
      EXPECT_LE(error, kGradientTolerance) << name << " with " << head.loss << ", batch " << size;
    }
  }
  std::cout << "classification + " << head.loss << ": largest relative gradient error " << worst
            << " (bound " << kGradientTolerance << ")\n";
}

TEST(TwoOutputs, CrossEntropyAndMseGradientsMatchFiniteDifferences) {
  checkGradients({"mse", Act::Linear, "linear"});
}

TEST(TwoOutputs, CrossEntropyAndMaeGradientsMatchFiniteDifferences) {
  checkGradients({"mae", Act::Linear, "linear"});
}

TEST(TwoOutputs, CrossEntropyAndBinaryCrossEntropyGradientsMatchFiniteDifferences) {
  checkGradients({"binary_crossentropy", Act::Sigmoid, "sigmoid"});
}

TEST(TwoOutputs, TrainingLowersBothOutputsLosses) {
  TwoHeadModel model({"mse", Act::Linear, "linear"});
  // Learnable targets: the class of the largest of the first three inputs, and two sums.
  Batch data = model.randomBatch(200, 7);
  for (int64_t n = 0; n < data.size; ++n) {
    const float *x = data.inputs.pointers[0] + n * 4;
    data.labels[n] = (int32_t)(std::max_element(x, x + 3) - x);
    data.targets[2 * n] = x[0] + x[1];
    data.targets[2 * n + 1] = x[2] - x[3];
  }
  std::vector<cnn_targets> targets = data.perOutput();
  auto epochLosses = [&](int epoch) {
    double sums[2] = {0, 0};
    for (int64_t first = 0; first < data.size; first += 20) {
      const float *inputs[] = {data.inputs.pointers[0] + first * 4};
      cnn_targets batch[] = {{targets[0].labels + first, nullptr},
                             {nullptr, targets[1].values + first * 2}};
      double outputLosses[2];
      model.compiled.check(cnn_train_step_targets(model.compiled.model(), 20, inputs, batch,
                                                  (uint32_t)epoch, nullptr, outputLosses));
      sums[0] += outputLosses[0] / 10;
      sums[1] += outputLosses[1] / 10;
    }
    return std::make_pair(sums[0], sums[1]);
  };
  const auto firstEpoch = epochLosses(1);
  std::pair<double, double> lastEpoch;
  for (int epoch = 2; epoch <= 40; ++epoch)
    lastEpoch = epochLosses(epoch);
  std::cout << "class loss " << firstEpoch.first << " -> " << lastEpoch.first << ", size loss "
            << firstEpoch.second << " -> " << lastEpoch.second << " over 40 epochs\n";
  EXPECT_LT(lastEpoch.first, 0.7 * firstEpoch.first);
  EXPECT_LT(lastEpoch.second, 0.5 * firstEpoch.second);
}

TEST(TwoOutputs, LabelsAloneAreRefusedForAModelWithTwoLosses) {
  TwoHeadModel model({"mse", Act::Linear, "linear"});
  Batch batch = model.randomBatch(2, 1);
  EXPECT_EQ(cnn_compute_gradients(model.compiled.model(), 2, batch.inputs.pointers.data(),
                                  batch.labels.data(), 0, nullptr, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the model trains 2 output(s), not one against class labels: "
                                 "give every output its targets (the *_targets functions)");
  std::vector<cnn_targets> targets = batch.perOutput();
  targets[1].values = nullptr;
  EXPECT_EQ(cnn_compute_gradients_targets(model.compiled.model(), 2, batch.inputs.pointers.data(),
                                          targets.data(), 0, nullptr, nullptr),
            CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(),
               "the target values of output 2 of 2 ('size') for the samples are null");
}

} // namespace
} // namespace cnnc::test
