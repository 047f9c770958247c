// The Halide definition of one layer, split from its schedule as in Halide's conv_layer app.
#ifndef CNNC_CODEGEN_LAYERFUNCS_H
#define CNNC_CODEGEN_LAYERFUNCS_H

#include "mlir/IR/Operation.h"

#include "Halide.h"

#include <string>
#include <vector>

namespace cnnc {

struct LayerFuncs {
  std::vector<Halide::ImageParam> inputs; // one per operand
  std::vector<Halide::ImageParam> params; // kernel, bias
  Halide::Func output;
  Halide::Func accumulator;            // convolution/dense sum, computed per output tile
  Halide::RDom reduction;              // the accumulator's update domain
  std::vector<Halide::Func> perSample; // softmax stages, computed per sample
};

/// The algorithm of a computing layer op; buffers are named after `prefix`.
LayerFuncs defineLayer(mlir::Operation *op, const std::string &prefix);

/// Tile sizes read from an op's `cnn.schedule` attribute.
struct ScheduleParams {
  int vectorWidth = 1;  // floats per vector along the channels
  int channelBlock = 1; // vectors of output channels computed together
  int pixelBlock = 1;   // output pixels along the width computed together
};

/// Vectorizes along the channels, register-blocks reductions, and parallelizes over rows and
/// samples.
void scheduleLayer(LayerFuncs &funcs, const ScheduleParams &params);

} // namespace cnnc

#endif // CNNC_CODEGEN_LAYERFUNCS_H
