// Halide pipelines for the layers of a cnn module: one per op that computes something.
#ifndef CNNC_CODEGEN_LAYERKERNELS_H
#define CNNC_CODEGEN_LAYERKERNELS_H

#include "cnnc/ir/Schedule.h"

#include "mlir/IR/BuiltinOps.h"

#include "Halide.h"

#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// A kernel ready to compile. Its arguments follow the runtime's convention
/// (runtime/include/cnn/model_desc.h): a layer's inputs, its parameters, then the output; a
/// training kernel's input buffers, its scalars, then its outputs.
struct LayerKernel {
  mlir::Operation *op;  // the op it computes (the first, for a kernel that ops share)
  std::string function; // C symbol of the compiled pipeline
  Halide::Func output;
  std::vector<Halide::ImageParam> buffers; // its input buffers, in order
  std::vector<Halide::Param<>> scalars;    // a training kernel's scalars, after them
  std::string variant; // what besides `op` shapes the pipeline (a training Dropout's layer)

  /// The pipeline's arguments: the buffers, then the scalars.
  std::vector<Halide::Argument> arguments() const;
};

/// The kernel of `op` in `role`'s program, named `symbol`, as the library builds it (for
/// measuring one kernel alone): scheduled by the op's schedule for that role, or without
/// `scheduled` the algorithm alone, for an autoscheduler.
mlir::FailureOr<LayerKernel> buildKernel(mlir::ModuleOp module, mlir::Operation *op,
                                         KernelRole role, const std::string &symbol,
                                         bool scheduled = true);

/// Builds and schedules the kernel of every computing layer in the model function, in order.
/// Schedule parameters come from each op's `cnn.schedule` attribute (see passes/).
mlir::FailureOr<std::vector<LayerKernel>> buildLayerKernels(mlir::ModuleOp module);

} // namespace cnnc

#endif // CNNC_CODEGEN_LAYERKERNELS_H
