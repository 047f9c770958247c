// What the model function's `cnn.compile` attribute says of training: the optimizer with its
// numbers, and each output's loss, loss weight and metrics.
#ifndef CNNC_IR_TRAININGSETTINGS_H
#define CNNC_IR_TRAININGSETTINGS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace cnnc::cnn {

/// The attribute's name on the model function.
constexpr llvm::StringLiteral kCompileAttrName = "cnn.compile";

/// One model output's training.
struct OutputTraining {
  std::string loss;                 // a Loss of CnnEnums.td, or "" when the output has none
  double weight = 1.0;              // its loss weight
  std::vector<std::string> metrics; // Keras's names: "accuracy", "mae", "mse"
};

/// The settings; without a `cnn.compile` attribute, Keras's compile(optimizer='adam',
/// loss='sparse_categorical_crossentropy') of the first output.
struct TrainingSettings {
  std::string optimizer = "adam"; // "adam", "sgd" or "rmsprop"
  double learningRate = 0.001;
  double beta1 = 0.9, beta2 = 0.999;   // Adam
  double epsilon = 1e-7;               // Adam, RMSprop
  double momentum = 0.0;               // SGD, RMSprop
  double rho = 0.9;                    // RMSprop
  bool nesterov = false;               // SGD
  std::vector<OutputTraining> outputs; // one per model output, in order
};

/// `{learning_rate = F64, loss = "...", optimizer = "adam"|"sgd"|"rmsprop"}` with the optimizer's
/// numbers; `loss` is one string for every output or a list with one per output ("" for none),
/// `loss_weights` a list of F64 per output unless all are 1, `metrics` a list of name lists per
/// output when any asks for more than accuracy.
mlir::DictionaryAttr buildCompileAttr(mlir::Builder &builder, const TrainingSettings &settings);

/// The settings `func` carries, with one OutputTraining per model output, or the defaults when
/// it has none. A malformed attribute is reported at the function.
mlir::FailureOr<TrainingSettings> readCompileAttr(mlir::FuncOp func);

} // namespace cnnc::cnn

#endif // CNNC_IR_TRAININGSETTINGS_H
