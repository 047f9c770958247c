// The Halide definition of one layer, split from its schedule as in Halide's conv_layer app.
#ifndef CNNC_CODEGEN_LAYERFUNCS_H
#define CNNC_CODEGEN_LAYERFUNCS_H

#include "cnnc/ir/Schedule.h"

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

/// Vectorizes along the channels, register-blocks reductions, and parallelizes over rows and
/// samples, as `schedule` says.
void scheduleLayer(LayerFuncs &funcs, const Schedule &schedule);

/// Splits a convolution's output `out` into the register tiles of `schedule` (vector, tile[0]
/// vectors x tile[1] pixels x tile[2] rows), loops (ci, xi, yi, xo, co, yo, n) from the
/// innermost, with its sum `acc` over `reduction` computed per tile.
void tileConvolution(Halide::Func out, Halide::Func acc, const Halide::RDom &reduction,
                     const Schedule &schedule);

/// Max or average pooling, as `pool` (a cnn.maxpool2d or cnn.avgpool2d) defines it, of `input`,
/// a Func of the pool's operand shape.
Halide::Func poolOf(Halide::Func input, mlir::Operation *pool);

// Shared with the training kernels.

/// Runs `loop` of a stage in parallel tasks of `task` iterations; returns the loop inside a
/// task (`loop` itself when tasks are single iterations).
Halide::Var parallelTasks(Halide::Stage stage, Halide::Var loop, int64_t task);

/// Runs a stage's outermost dimensions in parallel, `task` iterations a task: rows and samples
/// of an image, samples otherwise. `vars` are the function's pure variables.
void parallelizeOuter(Halide::Stage stage, const std::vector<Halide::Var> &vars, int64_t task);

/// Vectorizes the channels (dimension 0) of a function's pure definition.
void vectorizeChannels(Halide::Func f, int64_t width);

/// A C identifier for a kernel, unique by its position: "<kind><index>_<name>".
std::string kernelSymbol(const std::string &kind, size_t index, llvm::StringRef name);

} // namespace cnnc

#endif // CNNC_CODEGEN_LAYERFUNCS_H
