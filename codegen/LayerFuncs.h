// The Halide definition of one layer, split from its schedule as in Halide's conv_layer app.
#ifndef CNNC_CODEGEN_LAYERFUNCS_H
#define CNNC_CODEGEN_LAYERFUNCS_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"

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
  int pixelBlock = 1;   // output pixels along the width (samples of a Dense) computed together
  int rowBlock = 1;     // output rows computed together
  int depthBlock = 1;   // a kernel gradient's kernel rows computed together
  int parallelTask = 1; // iterations of the parallel loop each task runs
};

/// The tile sizes of an op's `cnn.schedule` attribute; an error on the op when it has none.
mlir::FailureOr<ScheduleParams> readSchedule(mlir::Operation *op);

/// Rows of `elementsPerRow` values a parallel task of a data-moving stage copies (about 32 K).
int rowsPerTask(int64_t elementsPerRow);

/// Vectorizes along the channels, register-blocks reductions, and parallelizes over rows and
/// samples.
void scheduleLayer(LayerFuncs &funcs, const ScheduleParams &params);

/// Splits a convolution's output `out` into register tiles of `p`, loops (ci, xi, yi, xo, co,
/// yo, n) from the innermost, with its sum `acc` over `reduction` computed per tile.
void tileConvolution(Halide::Func out, Halide::Func acc, const Halide::RDom &reduction,
                     const ScheduleParams &p);

/// Max or average pooling, as `pool` (a cnn.maxpool2d or cnn.avgpool2d) defines it, of `input`,
/// a Func of the pool's operand shape.
Halide::Func poolOf(Halide::Func input, mlir::Operation *pool);

// Shared with the training kernels.

/// Runs `loop` of a stage in parallel tasks of `task` iterations; returns the loop inside a
/// task (`loop` itself when tasks are single iterations).
Halide::Var parallelTasks(Halide::Stage stage, Halide::Var loop, int task);

/// Runs a stage's outermost dimensions in parallel, `task` iterations a task: rows and samples
/// of an image, samples otherwise. `vars` are the function's pure variables.
void parallelizeOuter(Halide::Stage stage, const std::vector<Halide::Var> &vars, int task);

/// Vectorizes the channels (dimension 0) of a function's pure definition.
void vectorizeChannels(Halide::Func f, int width);

/// A C identifier for a kernel, unique by its position: "<kind><index>_<name>".
std::string kernelSymbol(const std::string &kind, size_t index, llvm::StringRef name);

} // namespace cnnc

#endif // CNNC_CODEGEN_LAYERFUNCS_H
