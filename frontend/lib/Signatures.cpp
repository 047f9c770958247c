// The Keras vocabulary cnnc accepts: layer, compile() and optimizer signatures, enum names.
#include "Signatures.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ErrorHandling.h"

namespace cnnc {

namespace {

const ParamSpec nameParam{"name", Param::Name, "None"};
const ParamSpec activationParam{"activation", Param::Activation, "None"};
const ParamSpec useBiasParam{"use_bias", Param::UseBias, "True"};
const ParamSpec paddingParam{"padding", Param::Padding, "'valid'"};
// Keyword-only, after the layer's own parameters.
const ParamSpec inputShapeParam{"input_shape", Param::InputShape, "None"};

const std::vector<ParamSpec> poolingParams = {
    {"pool_size", Param::KernelSize, "(2, 2)"},
    {"strides", Param::PoolStrides, "None"},
    paddingParam,
    nameParam,
    inputShapeParam,
};

const ParamSpec verboseParam{"verbose", Param::Ignored, "0"};
const ParamSpec monitorParam{"monitor", Param::Monitor, "'val_loss'"};
const ParamSpec modeParam{"mode", Param::Mode, "'auto'"};
const ParamSpec lrParam{"lr", Param::LegacyLearningRate, "None"};

} // namespace

llvm::ArrayRef<LayerSignature> layerSignatures() {
  static const std::vector<LayerSignature> table = {
      {LayerKind::Input,
       {"Input", {{"shape", Param::Shape, nullptr}, nameParam}, 1},
       Arity::None,
       "input",
       1},
      {LayerKind::Conv2D,
       {"Conv2D",
        {{"filters", Param::Units, nullptr},
         {"kernel_size", Param::KernelSize, nullptr},
         {"strides", Param::Strides, "(1, 1)"},
         paddingParam,
         activationParam,
         useBiasParam,
         nameParam,
         inputShapeParam},
        4},
       Arity::One,
       "conv2d",
       0},
      {LayerKind::MaxPooling2D, {"MaxPooling2D", poolingParams, 3}, Arity::One, "max_pooling2d", 0},
      {LayerKind::AveragePooling2D,
       {"AveragePooling2D", poolingParams, 3},
       Arity::One,
       "average_pooling2d",
       0},
      {LayerKind::Dense,
       {"Dense",
        {{"units", Param::Units, nullptr},
         activationParam,
         useBiasParam,
         nameParam,
         inputShapeParam},
        3},
       Arity::One,
       "dense",
       0},
      {LayerKind::Flatten, {"Flatten", {nameParam, inputShapeParam}, 0}, Arity::One, "flatten", 0},
      {LayerKind::Reshape,
       {"Reshape", {{"target_shape", Param::TargetShape, nullptr}, nameParam, inputShapeParam}, 1},
       Arity::One,
       "reshape",
       0},
      {LayerKind::Dropout,
       {"Dropout", {{"rate", Param::Rate, nullptr}, nameParam, inputShapeParam}, 1},
       Arity::One,
       "dropout",
       0},
      {LayerKind::ReLU, {"ReLU", {nameParam, inputShapeParam}, 0}, Arity::One, "re_lu", 0},
      {LayerKind::Softmax, {"Softmax", {nameParam, inputShapeParam}, 0}, Arity::One, "softmax", 0},
      {LayerKind::Activation,
       {"Activation", {{"activation", Param::Activation, nullptr}, nameParam, inputShapeParam}, 1},
       Arity::One,
       "activation",
       0},
      {LayerKind::Add, {"Add", {nameParam}, 0}, Arity::AtLeastTwo, "add", 0},
      {LayerKind::Concatenate,
       {"Concatenate", {{"axis", Param::Axis, "-1"}, nameParam}, 1},
       Arity::AtLeastTwo,
       "concatenate",
       0},
  };
  return table;
}

const LayerSignature *findLayer(llvm::StringRef className) {
  for (const LayerSignature &layer : layerSignatures())
    if (layer.call.name == className)
      return &layer;
  return nullptr;
}

const LayerSignature &layerSignature(LayerKind kind) {
  for (const LayerSignature &layer : layerSignatures())
    if (layer.kind == kind)
      return layer;
  llvm_unreachable("every layer kind has a signature");
}

// Keras defaults to 'rmsprop' and no loss; cnnc trains with Adam on the one loss it has.
const Signature &compileSignature() {
  static const Signature signature = {"compile",
                                      {{"optimizer", Param::Optimizer, "'adam'"},
                                       {"loss", Param::Loss, "'sparse_categorical_crossentropy'"},
                                       {"metrics", Param::Metrics, "[]"},
                                       {"loss_weights", Param::LossWeights, "None"}},
                                      3};
  return signature;
}

// Keras's order; the arguments after shuffle are keyword-only here.
const Signature &fitSignature() {
  static const Signature signature = {"fit",
                                      {{"x", Param::Data, "None"},
                                       {"y", Param::Data, "None"},
                                       {"batch_size", Param::BatchSize, "None"},
                                       {"epochs", Param::Epochs, "1"},
                                       verboseParam,
                                       {"callbacks", Param::Callbacks, "None"},
                                       {"validation_split", Param::ValidationSplit, "0.0"},
                                       {"validation_data", Param::ValidationData, "None"},
                                       {"shuffle", Param::Shuffle, "True"},
                                       {"class_weight", Param::KerasDefault, "None"},
                                       {"sample_weight", Param::KerasDefault, "None"},
                                       {"initial_epoch", Param::KerasDefault, "0"},
                                       {"steps_per_epoch", Param::KerasDefault, "None"},
                                       {"validation_steps", Param::KerasDefault, "None"},
                                       {"validation_batch_size", Param::KerasDefault, "None"},
                                       {"validation_freq", Param::KerasDefault, "1"}},
                                      9};
  return signature;
}

const Signature &sequentialSignature() {
  static const Signature signature = {
      "Sequential", {{"layers", Param::Layers, "None"}, {"name", Param::ModelName, "None"}}, 1};
  return signature;
}

const Signature &functionalModelSignature() {
  static const Signature signature = {"Model",
                                      {{"inputs", Param::Tensors, nullptr},
                                       {"outputs", Param::Tensors, nullptr},
                                       {"name", Param::ModelName, "None"}},
                                      3};
  return signature;
}

llvm::ArrayRef<OptimizerSignature> optimizerSignatures() {
  static const std::vector<OptimizerSignature> table = {
      {"adam",
       {"Adam",
        {{"learning_rate", Param::LearningRate, "0.001"},
         {"beta_1", Param::Beta1, "0.9"},
         {"beta_2", Param::Beta2, "0.999"},
         {"epsilon", Param::Epsilon, "1e-07"},
         {"amsgrad", Param::KerasDefault, "False"},
         lrParam},
        5}},
      {"sgd",
       {"SGD",
        {{"learning_rate", Param::LearningRate, "0.01"},
         {"momentum", Param::Momentum, "0.0"},
         {"nesterov", Param::Nesterov, "False"},
         lrParam},
        3}},
      {"rmsprop",
       {"RMSprop",
        {{"learning_rate", Param::LearningRate, "0.001"},
         {"rho", Param::Rho, "0.9"},
         {"momentum", Param::Momentum, "0.0"},
         {"epsilon", Param::Epsilon, "1e-07"},
         {"centered", Param::KerasDefault, "False"},
         lrParam},
        5}},
  };
  return table;
}

// Keras's defaults only: other reductions, logits or label smoothing would train another loss.
llvm::ArrayRef<ObjectSignature> lossSignatures() {
  static const ParamSpec fromLogits{"from_logits", Param::KerasDefault, "False"};
  static const ParamSpec labelSmoothing{"label_smoothing", Param::KerasDefault, "0.0"};
  static const ParamSpec axis{"axis", Param::KerasDefault, "-1"};
  static const ParamSpec reduction{"reduction", Param::KerasDefault, "'sum_over_batch_size'"};
  static const ParamSpec name{"name", Param::Ignored, "None"};
  static const std::vector<ObjectSignature> table = {
      {"sparse_categorical_crossentropy",
       {"SparseCategoricalCrossentropy",
        {fromLogits, {"ignore_class", Param::KerasDefault, "None"}, reduction, name},
        1}},
      {"categorical_crossentropy",
       {"CategoricalCrossentropy", {fromLogits, labelSmoothing, axis, reduction, name}, 1}},
      {"binary_crossentropy",
       {"BinaryCrossentropy", {fromLogits, labelSmoothing, axis, reduction, name}, 1}},
      {"mse", {"MeanSquaredError", {reduction, name}, 0}},
      {"mae", {"MeanAbsoluteError", {reduction, name}, 0}},
  };
  return table;
}

llvm::ArrayRef<ObjectSignature> metricSignatures() {
  static const ParamSpec name{"name", Param::Ignored, "None"};
  static const ParamSpec dtype{"dtype", Param::Ignored, "None"};
  static const std::vector<ObjectSignature> table = {
      {"accuracy", {"SparseCategoricalAccuracy", {name, dtype}, 2}},
      {"accuracy", {"CategoricalAccuracy", {name, dtype}, 2}},
      {"accuracy", {"BinaryAccuracy", {name, dtype, {"threshold", Param::KerasDefault, "0.5"}}, 2}},
      {"mae", {"MeanAbsoluteError", {name, dtype}, 2}},
      {"mse", {"MeanSquaredError", {name, dtype}, 2}},
  };
  return table;
}

std::optional<std::string> lossId(llvm::StringRef spelling) {
  if (spelling == "mean_squared_error")
    return std::string("mse");
  if (spelling == "mean_absolute_error")
    return std::string("mae");
  if (llvm::is_contained(trainableLosses(), spelling))
    return spelling.str();
  return std::nullopt;
}

std::optional<std::string> metricId(llvm::StringRef spelling) {
  static const llvm::StringSet<> accuracy = {"accuracy", "acc", "sparse_categorical_accuracy",
                                             "categorical_accuracy", "binary_accuracy"};
  if (accuracy.contains(spelling))
    return std::string("accuracy");
  if (spelling == "mae" || spelling == "mean_absolute_error")
    return std::string("mae");
  if (spelling == "mse" || spelling == "mean_squared_error")
    return std::string("mse");
  return std::nullopt;
}

llvm::ArrayRef<Signature> callbackSignatures() {
  static const std::vector<Signature> table = {
      {"EarlyStopping",
       {monitorParam,
        {"min_delta", Param::KerasDefault, "0"},
        {"patience", Param::Patience, "0"},
        verboseParam,
        modeParam,
        {"baseline", Param::KerasDefault, "None"},
        {"restore_best_weights", Param::RestoreBestWeights, "False"},
        {"start_from_epoch", Param::KerasDefault, "0"}},
       8},
      {"ModelCheckpoint",
       {{"filepath", Param::CheckpointPath, nullptr},
        monitorParam,
        verboseParam,
        {"save_best_only", Param::SaveBestOnly, "False"},
        // cnn train's checkpoint holds the weights and the training state; both are loadable.
        {"save_weights_only", Param::Ignored, "False"},
        modeParam,
        {"save_freq", Param::KerasDefault, "'epoch'"},
        {"initial_value_threshold", Param::KerasDefault, "None"}},
       8},
      {"CSVLogger",
       {{"filename", Param::HistoryPath, nullptr},
        {"separator", Param::KerasDefault, "','"},
        {"append", Param::KerasDefault, "False"}},
       3},
  };
  return table;
}

const Signature *findCallback(llvm::StringRef className) {
  for (const Signature &callback : callbackSignatures())
    if (callback.name == className)
      return &callback;
  return nullptr;
}

bool isUnsupportedKerasLayer(llvm::StringRef className) {
  static const llvm::StringSet<> layers = {"BatchNormalization",
                                           "Conv1D",
                                           "Conv2DTranspose",
                                           "Conv3D",
                                           "Cropping2D",
                                           "DepthwiseConv2D",
                                           "Embedding",
                                           "GlobalAveragePooling1D",
                                           "GlobalAveragePooling2D",
                                           "GlobalMaxPooling1D",
                                           "GlobalMaxPooling2D",
                                           "GRU",
                                           "LayerNormalization",
                                           "LeakyReLU",
                                           "LSTM",
                                           "MaxPooling1D",
                                           "Multiply",
                                           "Normalization",
                                           "Permute",
                                           "RandomFlip",
                                           "RandomRotation",
                                           "RandomZoom",
                                           "Rescaling",
                                           "SeparableConv2D",
                                           "SimpleRNN",
                                           "SpatialDropout2D",
                                           "UpSampling2D",
                                           "ZeroPadding2D"};
  return layers.contains(className);
}

bool isSettingClass(llvm::StringRef name) {
  return findCallback(name) ||
         llvm::any_of(optimizerSignatures(),
                      [&](const OptimizerSignature &o) { return o.call.name == name; }) ||
         llvm::any_of(lossSignatures(),
                      [&](const ObjectSignature &loss) { return loss.call.name == name; });
}

bool isKerasCallable(llvm::StringRef name) {
  return findLayer(name) || isUnsupportedKerasLayer(name) || isSettingClass(name) ||
         name == sequentialSignature().name || name == functionalModelSignature().name ||
         llvm::any_of(metricSignatures(),
                      [&](const ObjectSignature &metric) { return metric.call.name == name; });
}

bool isKerasModule(llvm::StringRef name) {
  static const llvm::StringSet<> modules = {"tf",     "tensorflow", "keras",     "layers",
                                            "models", "optimizers", "callbacks", "activations",
                                            "losses", "metrics",    "legacy",    "python"};
  return modules.contains(name);
}

const std::vector<std::string> &trainableLosses() {
  static const std::vector<std::string> losses = {"sparse_categorical_crossentropy",
                                                  "categorical_crossentropy", "binary_crossentropy",
                                                  "mse", "mae"};
  return losses;
}

std::string trainableLossList() {
  const std::vector<std::string> &losses = trainableLosses();
  std::string list;
  for (size_t i = 0; i < losses.size(); ++i)
    list += (i == 0 ? "'" : i + 1 == losses.size() ? " or '" : ", '") + losses[i] + "'";
  return list;
}

const char *layerKindName(LayerKind kind) { return layerSignature(kind).call.name.data(); }

const char *paddingName(Padding padding) {
  switch (padding) {
  case Padding::Valid:
    return "valid";
  case Padding::Same:
    return "same";
  }
  llvm_unreachable("unknown padding");
}

const char *activationName(Activation activation) {
  switch (activation) {
  case Activation::Linear:
    return "linear";
  case Activation::Relu:
    return "relu";
  case Activation::Softmax:
    return "softmax";
  case Activation::Sigmoid:
    return "sigmoid";
  case Activation::Tanh:
    return "tanh";
  }
  llvm_unreachable("unknown activation");
}

} // namespace cnnc
