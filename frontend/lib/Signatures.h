// Keras's signatures of the layers, compile() and optimizers: data for the generic binder.
#ifndef CNNC_FRONTEND_LIB_SIGNATURES_H
#define CNNC_FRONTEND_LIB_SIGNATURES_H

#include "cnnc/frontend/Model.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace cnnc {

/// What an argument sets, and so how its value is read and checked.
enum class Param {
  Shape,       // tuple of positive ints
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
  Optimizer,
  Loss,
  Metrics,
  LearningRate,
  Momentum,
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

llvm::ArrayRef<OptimizerSignature> optimizerSignatures();

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_SIGNATURES_H
