// The Halide definition of one training op, split from its schedule like a layer's (LayerFuncs.h).
#ifndef CNNC_CODEGEN_TRAININGFUNCS_H
#define CNNC_CODEGEN_TRAININGFUNCS_H

#include "mlir/IR/Operation.h"

#include "LayerFuncs.h"

#include "cnn/model_desc.h"

#include "Halide.h"

#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// The scalar an op's kernel takes after its buffers.
cnn_scalar_kind scalarOf(mlir::Operation *op);

/// A training op's name in the program: "<layer>.<op>", or "<param>.<op>" for updates.
std::string trainingOpName(mlir::Operation *op);

/// The parameter a backward op reads besides its operands ("<layer>.kernel"), or "".
std::string paramReadBy(mlir::Operation *op);

/// How a training kernel is scheduled.
enum class TrainingPlan {
  Pointwise,        // each output element on its own (the values it reads may be staged)
  SampleSum,        // a sum over the channels per sample (softmax_grad's)
  BlockedReduction, // a register-blocked sum per output tile (conv and dense gradients)
  ChannelSum,       // a sum over everything but the channels (bias_grad)
  Flat              // an optimizer update over the flattened parameter
};

/// A Func computed in full before the output: a transposed kernel, a zero-padded copy, the
/// winners of max pooling. Its dimension 0 holds `channels` values; a transposed one reads its
/// source with dimensions 0 and 1 swapped.
struct Staged {
  Halide::Func func;
  int channels;
  bool transposed = false;
  // Computed inside each parallel task of a blocked sum, just the part the task reads, so that
  // each core makes what it reads.
  bool perTask = false;
};

struct TrainingFuncs {
  TrainingPlan plan = TrainingPlan::Pointwise;
  std::vector<Halide::ImageParam> buffers; // operands, then the parameter or optimizer slots
  std::vector<Halide::Param<>> scalars;    // scalarOf(op)'s arguments (none for NONE)
  Halide::Func output;
  Halide::Func accumulator; // the sum of BlockedReduction, SampleSum and ChannelSum plans
  std::vector<Staged> staged;
};

/// The algorithm of a training op, or of a Dropout in training mode; buffers are named after
/// `prefix`. `dropoutLayer` is the index of the Dropout layer whose mask a dropout kernel draws.
TrainingFuncs defineTrainingOp(mlir::Operation *op, const std::string &prefix, int dropoutLayer);

// The algorithms by family; `funcs.buffers` holds the operands' buffers on entry, except for
// updates, whose buffers are flat.
void defineWeightGradient(mlir::Operation *op, const std::string &prefix, TrainingFuncs &funcs);
void definePoolGradient(mlir::Operation *op, TrainingFuncs &funcs);
void defineOptimizerUpdate(mlir::Operation *op, const std::string &prefix, TrainingFuncs &funcs);

/// Vectorizes along the channels, blocks reductions in registers, stages copies and
/// parallelizes over pure outer dimensions only, all as `schedule` (the op's) says, so that
/// every sum runs in one fixed order whatever the thread count. An error at the op when the
/// schedule does not have one entry per staged copy.
mlir::LogicalResult scheduleTraining(TrainingFuncs &funcs, mlir::Operation *op,
                                     const Schedule &schedule);

} // namespace cnnc

#endif // CNNC_CODEGEN_TRAININGFUNCS_H
