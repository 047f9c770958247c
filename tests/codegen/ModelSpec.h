// Test models as data: the model-language source and the reference evaluation come from one spec.
#ifndef CNNC_TESTS_MODELSPEC_H
#define CNNC_TESTS_MODELSPEC_H

#include "Reference.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cnnc::test {

enum class Kind {
  Input,
  Conv,
  MaxPool,
  AvgPool,
  Dense,
  Flatten,
  Reshape, // to `shape`
  Dropout,
  Relu,
  Softmax,
  Activation, // Keras's Activation(act)
  Add,
  Concat
};

struct LayerSpec {
  Kind kind;
  std::string name;
  std::vector<std::string> inputs;
  std::vector<int64_t> shape; // Input and Reshape, without the batch
  int64_t units = 0;          // Conv filters, Dense units
  Window window{1, 1, 1, 1, false};
  Act act = Act::Linear;
  bool bias = true;
  double rate = 0.25; // Dropout
};

LayerSpec input(std::string name, std::vector<int64_t> shape);
LayerSpec conv(std::string name, std::string in, int64_t filters, Window w, Act act,
               bool bias = true);
LayerSpec pool(std::string name, std::string in, Window w, bool isMax);
LayerSpec dense(std::string name, std::string in, int64_t units, Act act, bool bias = true);
LayerSpec unary(Kind kind, std::string name, std::string in);
LayerSpec activation(std::string name, std::string in, Act act);
LayerSpec reshape(std::string name, std::string in, std::vector<int64_t> shape);
LayerSpec merge(Kind kind, std::string name, std::vector<std::string> inputs);

struct ModelSpec {
  ModelSpec(std::string name, std::vector<LayerSpec> layers, std::vector<std::string> outputs,
            std::string compile = "")
      : name(std::move(name)), layers(std::move(layers)), outputs(std::move(outputs)),
        compile(std::move(compile)) {}

  std::string name;
  std::vector<LayerSpec> layers;
  std::vector<std::string> outputs;
  std::string compile; // a compile(...) statement, or empty for the defaults

  /// The model in the model language (functional form, every argument spelled out).
  std::string source() const;

  /// Every layer's reference output. `param(name)` gives "<layer>.kernel" / "<layer>.bias" in
  /// Keras layout; `inputs` maps Input names to batches. With a `dropoutSeed`, Dropout layers
  /// drop as in training, with the generated kernels' mask.
  std::map<std::string, Tensor> evaluate(const std::map<std::string, Tensor> &inputs,
                                         const std::function<Tensor(const std::string &)> &param,
                                         std::optional<uint32_t> dropoutSeed = std::nullopt) const;
};

} // namespace cnnc::test

#endif // CNNC_TESTS_MODELSPEC_H
