// The checked layer graph the frontend hands to the IR builder: Keras layers with bound arguments.
#ifndef CNNC_FRONTEND_MODEL_H
#define CNNC_FRONTEND_MODEL_H

#include "cnnc/frontend/Location.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnnc {

enum class LayerKind {
  Input,
  Conv2D,
  MaxPooling2D,
  AveragePooling2D,
  Dense,
  Flatten,
  Reshape,
  Dropout,
  ReLU,
  Softmax,
  Activation, // Keras's Activation(name): `activation` applied on its own
  Add,
  Concatenate,
};

enum class Padding { Valid, Same };
enum class Activation { Linear, Relu, Softmax, Sigmoid, Tanh };

/// The losses cnnc trains with: Keras's cross-entropies of softmax class probabilities, against
/// class indices (sparse_categorical_crossentropy) or one-hot rows (categorical_crossentropy,
/// whose rows the runtime's data loading turns into the indices: the same loss and gradient);
/// binary_crossentropy of sigmoid probabilities; and mse and mae of a regression output.
const std::vector<std::string> &trainableLosses();
/// "'a', 'b' or 'c'": the losses above, for messages.
std::string trainableLossList();

/// The Keras class name of a layer kind ("Conv2D", "MaxPooling2D", ...).
const char *layerKindName(LayerKind kind);
const char *paddingName(Padding padding);
const char *activationName(Activation activation);

/// One layer with its arguments resolved to Keras's defaults. Fields a kind does not use keep
/// their defaults.
struct Layer {
  LayerKind kind = LayerKind::Input;
  std::string name;        // explicit `name=` or Keras's automatic name (conv2d, conv2d_1, ...)
  Location loc;            // the layer call
  std::vector<int> inputs; // indices of earlier layers in Model::layers

  std::vector<int64_t> shape; // Input: shape without the batch, e.g. {28, 28, 1}; Reshape: the
                              // target shape, which may hold one -1
  int64_t units = 0;          // Conv2D filters, Dense units
  std::array<int64_t, 2> kernel{1, 1};  // Conv2D kernel_size, pooling pool_size
  std::array<int64_t, 2> strides{1, 1}; // pooling strides default to pool_size
  Padding padding = Padding::Valid;
  Activation activation = Activation::Linear;
  bool useBias = true;
  double rate = 0.0; // Dropout
  int64_t axis = -1; // Concatenate
  /// input_shape= as written on the layer: the first layer of a Sequential model gets an Input
  /// of this shape; empty when not given.
  std::vector<int64_t> inputShape;
};

/// How compile() trains one model output: its loss (loss=, loss_weights=) and metrics.
struct OutputLoss {
  std::string loss;                 // a trainableLosses() name, or "" when the output has none
  double weight = 1.0;              // loss_weights
  std::vector<std::string> metrics; // Keras's names: "accuracy", "mae", "mse"
};

/// The `compile(...)` statement; `present` is false when the model has none.
struct CompileConfig {
  bool present = false;
  Location loc;
  std::string optimizer = "adam"; // "adam", "sgd" or "rmsprop"
  double learningRate = 0.001;
  double beta1 = 0.9, beta2 = 0.999; // Adam
  double epsilon = 1e-7;             // Adam, RMSprop
  double momentum = 0.0;             // SGD, RMSprop
  double rho = 0.9;                  // RMSprop
  bool nesterov = false;             // SGD
  /// One entry per Model::outputs entry, in order, once the model is complete.
  std::vector<OutputLoss> outputs;
};

/// A setting of fit() or one of its callbacks: its value, and where it was written (none when it is
/// Keras's default).
template <typename T> struct FitSetting {
  T value;
  std::optional<Location> at; // the argument, or the call that left it at Keras's default
  bool written = false;
};

/// The `fit(...)` statement and its callbacks: the training defaults of `cnn train`.
struct FitConfig {
  bool present = false;
  Location loc;
  FitSetting<int64_t> epochs{1, {}};
  FitSetting<int64_t> batchSize{32, {}};
  FitSetting<double> validationSplit{0.0, {}};
  FitSetting<bool> shuffle{true, {}};
  FitSetting<int64_t> patience{0, {}}; // EarlyStopping(patience); 0: no EarlyStopping
  FitSetting<bool> restoreBestWeights{false, {}};
  FitSetting<std::string> checkpoint{"", {}}; // ModelCheckpoint(save_best_only=True)'s path
  FitSetting<std::string> history{"", {}};    // CSVLogger's path
  /// fit(validation_data=...): arrays of the script's own, which cnn train does not have.
  std::optional<Location> validationData;
};

/// "" for a name a layer may have; else what is wrong with it ("holds a control character
/// (U+001B)", "is not valid UTF-8"): the name reaches the generated C and the weights' JSON.
std::string layerNameProblem(const std::string &name);

/// The most layers a model may have (the largest CNNs have about a thousand): a model with more
/// is refused as its layers are read, before the work and memory of compiling grow with them.
constexpr size_t kMaxLayers = 10000;

struct Model {
  std::string name;
  Location loc;
  bool functional = false;   // true when any statement names or applies tensors explicitly
  std::vector<Layer> layers; // topological order
  std::vector<int> inputs;   // indices of Input layers, in declaration order
  std::vector<int> outputs;  // `outputs = [...]`, else the last statement's tensor
  CompileConfig compile;
  FitConfig fit;
};

} // namespace cnnc

#endif // CNNC_FRONTEND_MODEL_H
