// The Keras vocabulary cnnc accepts: layer, compile() and optimizer signatures, enum names.
#include "Signatures.h"

#include "llvm/Support/ErrorHandling.h"

namespace cnnc {

namespace {

const ParamSpec nameParam{"name", Param::Name, "None"};
const ParamSpec activationParam{"activation", Param::Activation, "None"};
const ParamSpec useBiasParam{"use_bias", Param::UseBias, "True"};
const ParamSpec paddingParam{"padding", Param::Padding, "'valid'"};

const std::vector<ParamSpec> poolingParams = {
    {"pool_size", Param::KernelSize, "(2, 2)"},
    {"strides", Param::PoolStrides, "None"},
    paddingParam,
    nameParam,
};

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
         nameParam},
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
       {"Dense", {{"units", Param::Units, nullptr}, activationParam, useBiasParam, nameParam}, 3},
       Arity::One,
       "dense",
       0},
      {LayerKind::Flatten, {"Flatten", {nameParam}, 0}, Arity::One, "flatten", 0},
      {LayerKind::Dropout,
       {"Dropout", {{"rate", Param::Rate, nullptr}, nameParam}, 1},
       Arity::One,
       "dropout",
       0},
      {LayerKind::ReLU, {"ReLU", {nameParam}, 0}, Arity::One, "re_lu", 0},
      {LayerKind::Softmax, {"Softmax", {nameParam}, 0}, Arity::One, "softmax", 0},
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
                                       {"metrics", Param::Metrics, "[]"}},
                                      3};
  return signature;
}

llvm::ArrayRef<OptimizerSignature> optimizerSignatures() {
  static const std::vector<OptimizerSignature> table = {
      {"adam", {"Adam", {{"learning_rate", Param::LearningRate, "0.001"}}, 1}},
      {"sgd",
       {"SGD",
        {{"learning_rate", Param::LearningRate, "0.01"}, {"momentum", Param::Momentum, "0.0"}},
        2}},
  };
  return table;
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
  }
  llvm_unreachable("unknown activation");
}

} // namespace cnnc
