// Keras's signatures of the layers, models, compile(), fit(), optimizers and callbacks: data for
// the generic binder.
#ifndef CNNC_FRONTEND_LIB_SIGNATURES_H
#define CNNC_FRONTEND_LIB_SIGNATURES_H

#include "cnnc/frontend/Model.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// What an argument sets, and so how its value is read and checked.
enum class Param {
  Shape,       // tuple of 1 to 3 positive ints
  TargetShape, // Reshape's: a tuple of positive ints, one of which may be -1
  Units,       // positive int: Conv2D filters, Dense units
  KernelSize,  // positive int or 2-tuple: kernel_size, pool_size
  Strides,     // positive int or 2-tuple
  PoolStrides, // like Strides, or None for "the pool size"
  Padding,
  Activation,
  UseBias,
  Rate,
  Axis,
  Name,
  InputShape, // input_shape=, which every Keras layer takes; the first layer's makes the Input
  // Sequential and Model
  Layers,    // Sequential's list of layer calls
  ModelName, // a model's name=
  Tensors,   // Model's inputs and outputs: a tensor or a list of tensors
  // compile() and the optimizers
  Optimizer,
  Loss,
  Metrics,
  LossWeights,
  LearningRate,
  LegacyLearningRate, // Keras 2's lr=, deprecated
  Momentum,
  Beta1,
  Beta2,
  Epsilon,
  Rho,
  Nesterov,
  // fit() and its callbacks
  Data,           // x, y: the script's arrays; cnn train takes its data from the command line
  ValidationData, // the same, for validation
  BatchSize,
  Epochs,
  ValidationSplit,
  Shuffle,
  Callbacks,
  Monitor,
  Patience,
  RestoreBestWeights,
  CheckpointPath,
  SaveBestOnly,
  HistoryPath,
  Mode,
  Ignored,      // verbose: printing only
  KerasDefault, // taken only at Keras's default value, which is what cnn train does
};

struct ParamSpec {
  llvm::StringRef keyword;
  Param param;
  /// Keras's default, written in the model language and bound like a written argument; null
  /// when the argument is required.
  const char *defaultValue;
};

struct Signature {
  llvm::StringRef name;          // the callee as written: "Conv2D", "compile", "Adam"
  std::vector<ParamSpec> params; // in Keras's order
  /// How many leading params may be given by position. Keras interleaves arguments cnnc does
  /// not take (data_format, dilation_rate, ...), so later ones are keyword-only here lest a
  /// model mean something else than it does in Keras.
  unsigned numPositional;
};

/// How many input tensors a layer takes.
enum class Arity { None, One, AtLeastTwo };

struct LayerSignature {
  LayerKind kind;
  Signature call;
  Arity arity;
  llvm::StringRef autoName; // base of Keras's automatic names: conv2d, max_pooling2d, ...
  unsigned firstAutoNumber; // 0: conv2d, conv2d_1, ...; 1: input_1, input_2, ...
};

struct OptimizerSignature {
  llvm::StringRef id; // CompileConfig::optimizer, also accepted as a string: 'adam'
  Signature call;     // Adam(learning_rate=...)
};

llvm::ArrayRef<LayerSignature> layerSignatures();
const LayerSignature *findLayer(llvm::StringRef className);
const LayerSignature &layerSignature(LayerKind kind);

const Signature &compileSignature();
const Signature &fitSignature();
const Signature &sequentialSignature();
const Signature &functionalModelSignature(); // keras.Model(inputs, outputs)

llvm::ArrayRef<OptimizerSignature> optimizerSignatures();
/// Keras's loss classes for the losses cnnc trains with, or its metric classes for the metrics
/// cnn measures; `id` is the trainableLosses() name, or the metric's OutputLoss::metrics name.
struct ObjectSignature {
  llvm::StringRef id;
  Signature call;
};
llvm::ArrayRef<ObjectSignature> lossSignatures();
/// SparseCategoricalAccuracy, CategoricalAccuracy, BinaryAccuracy (all "accuracy"),
/// MeanAbsoluteError ("mae") and MeanSquaredError ("mse").
llvm::ArrayRef<ObjectSignature> metricSignatures();
/// The trainableLosses() name of a loss's string spelling ('mean_squared_error': "mse").
std::optional<std::string> lossId(llvm::StringRef spelling);
/// The metric a string spelling names ('acc': "accuracy", 'mean_absolute_error': "mae").
std::optional<std::string> metricId(llvm::StringRef spelling);

/// EarlyStopping, ModelCheckpoint, CSVLogger.
llvm::ArrayRef<Signature> callbackSignatures();
const Signature *findCallback(llvm::StringRef className);

/// True for a Keras layer class cnnc does not compile yet (GlobalAveragePooling2D, LSTM, ...).
bool isUnsupportedKerasLayer(llvm::StringRef className);
/// True for the optimizer, loss and callback classes: objects compile() and fit() take.
bool isSettingClass(llvm::StringRef name);
/// True for every name above: the classes and functions a Python file's model code calls.
bool isKerasCallable(llvm::StringRef name);
/// True for the module names a Keras class is reached through: tf, tensorflow, keras, layers,
/// models, optimizers, callbacks, activations, ...
bool isKerasModule(llvm::StringRef name);

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_SIGNATURES_H
