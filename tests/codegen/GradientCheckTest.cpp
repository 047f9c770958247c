// The generated backward kernels against central finite differences of the double-precision
// reference, and the optimizer updates against plain C++.
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
constexpr double kStep = 1e-5; // central differences in double

/// A batch of random inputs and labels, as the reference and the C API take them.
struct Batch {
  int64_t size;
  SpecInputs inputs;
  std::vector<int32_t> labels;
};

/// A compiled model with random parameters and its double-precision loss.
class TrainableModel {
public:
  explicit TrainableModel(const ModelSpec &spec) : spec(spec), library(compileSpec(spec), 1) {
    removeScratch(); // the library stays mapped
    std::mt19937 rng(4321);
    SpecParams random = setRandomParams(library, rng);
    params = std::move(random.tensors);
    paramNames = std::move(random.names);
  }

  cnn_model *model() const { return library.model(); }
  void check(cnn_status status) const { library.check(status); }

  Batch randomBatch(int64_t size, unsigned seed) const {
    std::mt19937 rng(seed);
    Batch batch{size, randomInputs(spec, size, rng), {}};
    const Tensor probabilities = evaluate(batch, 0).at(spec.outputs[0]);
    std::uniform_int_distribution<int32_t> label(0, (int32_t)probabilities.shape.back() - 1);
    for (int64_t n = 0; n < size; ++n)
      batch.labels.push_back(label(rng));
    return batch;
  }

  /// The reference's mean loss of the first output.
  double loss(const Batch &batch, uint32_t dropoutSeed) const {
    return crossEntropy(evaluate(batch, dropoutSeed).at(spec.outputs[0]), batch.labels);
  }

  /// d loss / d param by central differences, element by element.
  Tensor numericGradient(const std::string &name, const Batch &batch, uint32_t dropoutSeed) {
    Tensor &param = params.at(name);
    Tensor gradient(param.shape);
    for (int64_t i = 0; i < param.size(); ++i) {
      const double saved = param.data[i];
      param.data[i] = saved + kStep;
      const double above = loss(batch, dropoutSeed);
      param.data[i] = saved - kStep;
      const double below = loss(batch, dropoutSeed);
      param.data[i] = saved;
      gradient.data[i] = (above - below) / (2 * kStep);
    }
    return gradient;
  }

  std::vector<float> generatedGradient(const std::string &name) const {
    std::vector<float> gradient(params.at(name).size());
    check(cnn_get_gradient(model(), name.c_str(), gradient.data(), gradient.size()));
    return gradient;
  }

  std::vector<float> currentParam(const std::string &name) const {
    std::vector<float> values(params.at(name).size());
    check(cnn_get_param(model(), name.c_str(), values.data(), values.size()));
    return values;
  }

  const ModelSpec &spec;
  std::map<std::string, Tensor> params;
  std::vector<std::string> paramNames;

private:
  std::map<std::string, Tensor> evaluate(const Batch &batch, uint32_t dropoutSeed) const {
    return spec.evaluate(
        batch.inputs.tensors, [&](const std::string &name) { return params.at(name); },
        dropoutSeed);
  }

  cnn::ModelLibrary library;
};

/// Every parameter's generated gradient against finite differences, for batches of 1 and 5.
void checkGradients(const ModelSpec &spec) {
  TrainableModel trainable(spec);
  double worst = 0;
  for (int64_t size : {1, 5}) {
    const uint32_t dropoutSeed = 17u + (uint32_t)size;
    Batch batch = trainable.randomBatch(size, 100 + (unsigned)size);
    double loss = 0;
    trainable.check(cnn_compute_gradients(trainable.model(), size, batch.inputs.pointers.data(),
                                          batch.labels.data(), dropoutSeed, &loss, nullptr));
    const double expectedLoss = trainable.loss(batch, dropoutSeed);
    EXPECT_NEAR(loss, expectedLoss, 1e-5 * std::max(1.0, expectedLoss)) << "batch " << size;
    for (const std::string &name : trainable.paramNames) {
      const Tensor expected = trainable.numericGradient(name, batch, dropoutSeed);
      const double error = relativeError(trainable.generatedGradient(name), expected);
      worst = std::max(worst, error);
      EXPECT_LE(error, kGradientTolerance) << name << " of " << spec.name << ", batch " << size;
    }
  }
  std::cout << spec.name << ": largest relative gradient error " << worst << " (bound "
            << kGradientTolerance << ")\n";
}

constexpr bool kValid = false, kSame = true;

TEST(GradientCheck, ConvolutionsWithSamePaddingAndStride1) {
  checkGradients({"grad_conv_same",
                  {input("x", {6, 5, 2}), conv("pre", "x", 3, {3, 3, 1, 1, kSame}, Act::Linear),
                   conv("c", "pre", 4, {3, 3, 1, 1, kSame}, Act::Relu),
                   unary(Kind::Flatten, "f", "c"), dense("d", "f", 3, Act::Softmax)},
                  {"d"}});
}

TEST(GradientCheck, ConvolutionsWithStride2AndBothPaddings) {
  checkGradients(
      {"grad_conv_strided",
       {input("x", {7, 8, 2}), conv("pre", "x", 3, {2, 2, 1, 1, kValid}, Act::Linear, false),
        conv("c_same", "pre", 4, {3, 3, 2, 2, kSame}, Act::Relu),
        conv("c_valid", "c_same", 3, {2, 3, 2, 1, kValid}, Act::Linear),
        unary(Kind::Flatten, "f", "c_valid"), dense("d", "f", 4, Act::Softmax)},
       {"d"}});
}

TEST(GradientCheck, MaxAndAveragePoolingWithBothPaddings) {
  checkGradients(
      {"grad_pools",
       {input("x", {8, 7, 2}), conv("pre", "x", 3, {1, 1, 1, 1, kValid}, Act::Linear),
        pool("mp", "pre", {2, 2, 2, 2, kValid}, true),
        pool("mp_same", "pre", {3, 3, 2, 2, kSame}, true),
        pool("ap_same", "pre", {2, 2, 1, 1, kSame}, false),
        pool("ap", "pre", {3, 3, 2, 2, kValid}, false), unary(Kind::Flatten, "f1", "mp"),
        unary(Kind::Flatten, "f2", "mp_same"), unary(Kind::Flatten, "f3", "ap_same"),
        unary(Kind::Flatten, "f4", "ap"), merge(Kind::Concat, "cat", {"f1", "f2", "f3", "f4"}),
        dense("d", "cat", 3, Act::Softmax)},
       {"d"}});
}

// The chains the fusion pass joins in training: a ReLU convolution or a ReLU layer followed by max
// pooling (valid, and same with overlapping windows) keep the winners of their windows for one
// fused gradient; with average pooling only the convolution and its ReLU layer are fused.
TEST(GradientCheck, FusedConvReluPoolChains) {
  checkGradients(
      {"grad_fused",
       {input("x", {8, 7, 2}), conv("pre", "x", 3, {1, 1, 1, 1, kValid}, Act::Linear),
        conv("c1", "pre", 4, {3, 3, 1, 1, kSame}, Act::Relu),
        pool("mp", "c1", {2, 2, 2, 2, kValid}, true),
        conv("c2", "pre", 3, {3, 3, 1, 1, kSame}, Act::Linear), unary(Kind::Relu, "r2", "c2"),
        pool("mp_same", "r2", {3, 3, 2, 2, kSame}, true),
        conv("c3", "pre", 3, {2, 2, 1, 1, kValid}, Act::Linear), unary(Kind::Relu, "r3", "c3"),
        pool("ap", "r3", {2, 2, 2, 2, kValid}, false), unary(Kind::Flatten, "f1", "mp"),
        unary(Kind::Flatten, "f2", "mp_same"), unary(Kind::Flatten, "f3", "ap"),
        merge(Kind::Concat, "cat", {"f1", "f2", "f3"}), dense("d", "cat", 4, Act::Softmax)},
       {"d"}});
}

TEST(GradientCheck, DenseDropoutReluAndSoftmaxLayers) {
  checkGradients({"grad_dense",
                  {input("x", {6}), dense("d1", "x", 8, Act::Relu),
                   unary(Kind::Dropout, "drop", "d1"), dense("d2", "drop", 7, Act::Linear, false),
                   unary(Kind::Relu, "r", "d2"), dense("inner", "r", 5, Act::Softmax),
                   dense("d3", "inner", 4, Act::Linear), unary(Kind::Softmax, "probs", "d3")},
                  {"probs"}});
}

TEST(GradientCheck, SigmoidTanhAndActivationLayers) {
  checkGradients({"grad_activations",
                  {input("x", {4, 4, 2}), conv("c", "x", 3, {3, 3, 1, 1, kSame}, Act::Tanh),
                   unary(Kind::Flatten, "f", "c"), dense("d1", "f", 6, Act::Sigmoid),
                   activation("t", "d1", Act::Tanh), dense("d2", "t", 5, Act::Linear),
                   activation("s", "d2", Act::Sigmoid), activation("r", "s", Act::Relu),
                   activation("lin", "r", Act::Linear), dense("d3", "lin", 4, Act::Linear),
                   activation("probs", "d3", Act::Softmax)},
                  {"probs"}});
}

TEST(GradientCheck, ReshapeBetweenDenseAndConvLayers) {
  checkGradients({"grad_reshape",
                  {input("x", {12}), dense("d1", "x", 18, Act::Tanh), reshape("r", "d1", {3, 3, 2}),
                   conv("c", "r", 4, {2, 2, 1, 1, kValid}, Act::Relu), reshape("back", "c", {16}),
                   dense("probs", "back", 3, Act::Softmax)},
                  {"probs"}});
}

TEST(GradientCheck, AddConcatenateAndATensorUsedTwice) {
  checkGradients(
      {"grad_merge",
       {input("x", {5, 5, 2}), conv("a", "x", 3, {3, 3, 1, 1, kSame}, Act::Relu),
        conv("b", "x", 3, {1, 1, 1, 1, kValid}, Act::Linear), merge(Kind::Add, "sum", {"a", "b"}),
        conv("c", "sum", 2, {3, 3, 1, 1, kValid}, Act::Linear), unary(Kind::Flatten, "fa", "a"),
        unary(Kind::Flatten, "fc", "c"), merge(Kind::Concat, "cat", {"fc", "fa"}),
        dense("d", "cat", 3, Act::Softmax)},
       {"d", "a"}});
}

/// Parameters after `steps` optimizer updates, each checked against `update`, plain C++ on the
/// parameter before the step and the generated gradient.
template <typename Update> void checkUpdates(const ModelSpec &spec, Update update) {
  TrainableModel trainable(spec);
  double worst = 0;
  for (int step = 1; step <= 3; ++step) {
    Batch batch = trainable.randomBatch(4, 200 + (unsigned)step);
    trainable.check(cnn_compute_gradients(trainable.model(), batch.size,
                                          batch.inputs.pointers.data(), batch.labels.data(), 5,
                                          nullptr, nullptr));
    std::map<std::string, std::vector<double>> expected;
    for (const std::string &name : trainable.paramNames) {
      std::vector<float> before = trainable.currentParam(name);
      std::vector<float> gradient = trainable.generatedGradient(name);
      expected[name] = update(name, step, before, gradient);
    }
    trainable.check(cnn_apply_gradients(trainable.model()));
    EXPECT_EQ(cnn_optimizer_steps(trainable.model()), step);
    for (const std::string &name : trainable.paramNames) {
      std::vector<float> after = trainable.currentParam(name);
      for (size_t i = 0; i < after.size(); ++i)
        worst = std::max(worst, std::abs(after[i] - expected[name][i]));
    }
  }
  std::cout << spec.name << ": largest parameter difference after 3 updates " << worst << "\n";
  EXPECT_LE(worst, 1e-5);
}

ModelSpec updateSpec(const std::string &name, const std::string &compile) {
  return {name,
          {input("x", {6, 6, 1}), conv("c", "x", 4, {3, 3, 1, 1, kSame}, Act::Relu),
           pool("p", "c", {2, 2, 2, 2, kValid}, true), unary(Kind::Flatten, "f", "p"),
           dense("d", "f", 5, Act::Softmax)},
          {"d"},
          compile};
}

TEST(OptimizerUpdate, AdamWithKerasDefaultsMatchesPlainCpp) {
  // Keras 3's Adam, in double: the moments per parameter and the bias-corrected step.
  std::map<std::string, std::vector<double>> m, v;
  const double lr = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
  checkUpdates(updateSpec("adam_step", "compile(optimizer=Adam(learning_rate=0.002), "
                                       "loss='sparse_categorical_crossentropy')"),
               [&](const std::string &name, int t, const std::vector<float> &w,
                   const std::vector<float> &g) {
                 m[name].resize(w.size());
                 v[name].resize(w.size());
                 const double alpha =
                     lr * std::sqrt(1 - std::pow(beta2, t)) / (1 - std::pow(beta1, t));
                 std::vector<double> next(w.size());
                 for (size_t i = 0; i < w.size(); ++i) {
                   m[name][i] += (g[i] - m[name][i]) * (1 - beta1);
                   v[name][i] += ((double)g[i] * g[i] - v[name][i]) * (1 - beta2);
                   next[i] = w[i] - alpha * m[name][i] / (std::sqrt(v[name][i]) + epsilon);
                 }
                 return next;
               });
}

TEST(OptimizerUpdate, SgdWithMomentumMatchesPlainCpp) {
  std::map<std::string, std::vector<double>> velocity;
  const double lr = 0.05, momentum = 0.9;
  checkUpdates(
      updateSpec("sgd_step", "compile(optimizer=SGD(learning_rate=0.05, momentum=0.9), "
                             "loss='sparse_categorical_crossentropy')"),
      [&](const std::string &name, int, const std::vector<float> &w, const std::vector<float> &g) {
        velocity[name].resize(w.size());
        std::vector<double> next(w.size());
        for (size_t i = 0; i < w.size(); ++i) {
          velocity[name][i] = momentum * velocity[name][i] - lr * g[i];
          next[i] = w[i] + velocity[name][i];
        }
        return next;
      });
}

TEST(OptimizerUpdate, SgdWithNesterovMomentumMatchesPlainCpp) {
  // Keras 3: m = momentum m - lr g; w += momentum m - lr g.
  std::map<std::string, std::vector<double>> velocity;
  const double lr = 0.05, momentum = 0.8;
  checkUpdates(
      updateSpec("nesterov_step", "compile(optimizer=SGD(learning_rate=0.05, momentum=0.8, "
                                  "nesterov=True), loss='sparse_categorical_crossentropy')"),
      [&](const std::string &name, int, const std::vector<float> &w, const std::vector<float> &g) {
        velocity[name].resize(w.size());
        std::vector<double> next(w.size());
        for (size_t i = 0; i < w.size(); ++i) {
          velocity[name][i] = momentum * velocity[name][i] - lr * g[i];
          next[i] = w[i] + momentum * velocity[name][i] - lr * g[i];
        }
        return next;
      });
}

/// Keras 3's RMSprop: v = rho v + (1 - rho) g^2; increment = lr g / sqrt(v + epsilon); with
/// momentum, m = momentum m + increment and w -= m, else w -= increment.
void checkRmsprop(const char *name, double momentum) {
  std::map<std::string, std::vector<double>> velocity, moment;
  const double lr = 0.003, rho = 0.8, epsilon = 1e-6;
  checkUpdates(
      updateSpec(name, "compile(optimizer=RMSprop(learning_rate=0.003, rho=0.8, "
                       "momentum=" +
                           std::to_string(momentum) +
                           ", epsilon=1e-6), loss='sparse_categorical_crossentropy')"),
      [&](const std::string &param, int, const std::vector<float> &w, const std::vector<float> &g) {
        velocity[param].resize(w.size());
        moment[param].resize(w.size());
        std::vector<double> next(w.size());
        for (size_t i = 0; i < w.size(); ++i) {
          double &v = velocity[param][i];
          v = rho * v + (1 - rho) * (double)g[i] * g[i];
          double increment = lr * g[i] / std::sqrt(v + epsilon);
          moment[param][i] = momentum * moment[param][i] + increment;
          next[i] = w[i] - (momentum > 0 ? moment[param][i] : increment);
        }
        return next;
      });
}

TEST(OptimizerUpdate, RmspropMatchesPlainCpp) { checkRmsprop("rmsprop_step", 0.0); }

TEST(OptimizerUpdate, RmspropWithMomentumMatchesPlainCpp) {
  checkRmsprop("rmsprop_momentum_step", 0.5);
}

} // namespace
} // namespace cnnc::test
