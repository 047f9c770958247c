// The trainable parameters a layer op implies, in Keras layout, and their count.
#ifndef CNNC_IR_PARAMS_H
#define CNNC_IR_PARAMS_H

#include "mlir/IR/Operation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnc::cnn {

struct ParamSpec {
  std::string name;           // "<layer>.kernel" or "<layer>.bias"
  std::vector<int64_t> shape; // Keras layout: conv (kh, kw, in, out), dense (in, out), bias (out)
  int64_t fanIn = 0, fanOut = 0; // Glorot-uniform limits; zero for biases
};

/// A kernel of `kernelShape` (..., in, out) named "<layer>.kernel", with Glorot's limits for
/// `receptive` taps per input, and when `useBias` a bias (out) named "<layer>.bias".
std::vector<ParamSpec> kernelAndBias(llvm::StringRef layer, std::vector<int64_t> kernelShape,
                                     int64_t receptive, bool useBias);

/// The parameters of a layer op (none for layers without weights, and for other ops).
std::vector<ParamSpec> layerParams(mlir::Operation *op);

/// Number of trainable scalars of a layer op.
int64_t countParams(mlir::Operation *op);

} // namespace cnnc::cnn

#endif // CNNC_IR_PARAMS_H
