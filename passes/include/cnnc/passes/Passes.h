// The passes over the cnn dialect, and the pipeline cnnc runs before code generation.
#ifndef CNNC_PASSES_PASSES_H
#define CNNC_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <memory>

namespace cnnc {

/// What the tiling cost model knows of the machine the kernels will run on.
struct TargetModel {
  int vectorWidth = 16;          // floats per vector register
  int registers = 32;            // vector registers
  int64_t l1Bytes = 48 * 1024;   // data cache per core
  int64_t l2Bytes = 1024 * 1024; // second-level cache per core
  int threads = 1;               // cores the kernels' parallel loops spread over
  int batch = 32;                // the batch size kernels are tuned for (Keras's default)
};

/// `cnn-choose-tiling`: gives every computing layer, and every backward op with a blocked sum,
/// a `cnn.schedule` attribute: the vector width along the channels and the register tile
/// (channel_block vectors x pixel_block x row_block), the cheapest in a cost model of `target`.
/// Ops that already carry one keep it, so a schedule can be set by hand in the IR.
std::unique_ptr<mlir::Pass> createChooseTilingPass(const TargetModel &target = TargetModel());

/// `cnn-build-training-graph`: appends to the model function the training graph: the batch's
/// labels, the gradient of the sparse categorical cross-entropy of the first output (softmax
/// probabilities), the backward ops of every layer the gradient reaches, and one optimizer update
/// per parameter with the settings of the function's `cnn.compile` attribute (Keras's Adam when
/// it has none). A function that already holds cnn.labels is left as it is.
std::unique_ptr<mlir::Pass> createBuildTrainingGraphPass();

/// `cnn-fuse-conv-relu-pool`: replaces each Conv2D, its ReLU (its activation or a ReLU layer)
/// and the MaxPooling2D or AveragePooling2D after them with one `cnn.fused` op, whose kernel
/// computes the pooled output without writing the activation. In a training graph, a max
/// pooling's fused op also yields the winners of its windows and its maxpool2d_grad and
/// relu_grad become one cnn.maxpool2d_relu_grad reading them; an average pooling, whose
/// backward pass needs the whole activation, stays unfused there. Values used anywhere but the
/// chain (a ReLU output used twice) are not fused.
std::unique_ptr<mlir::Pass> createFuseConvReluPoolPass();

/// Makes the passes known by name (for pass pipelines and --print-ir-after-all).
void registerCnnPasses();

/// The passes between the cnn dialect and code generation; `training` adds the training graph,
/// `fuse` the fusion of conv, ReLU and pooling.
void buildCompilePipeline(mlir::PassManager &pm, bool training, bool fuse = true,
                          const TargetModel &target = TargetModel());

} // namespace cnnc

#endif // CNNC_PASSES_PASSES_H
