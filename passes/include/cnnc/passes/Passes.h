// The passes over the cnn dialect, and the pipeline cnnc runs before code generation.
#ifndef CNNC_PASSES_PASSES_H
#define CNNC_PASSES_PASSES_H

#include "cnnc/ir/Schedule.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <functional>
#include <memory>
#include <random>

namespace cnnc {

/// What the tiling cost model knows of the machine the kernels will run on.
struct TargetModel {
  int vectorWidth = 16;          // floats per vector register
  int registers = 32;            // vector registers
  int64_t l1Bytes = 48 * 1024;   // data cache per core
  int64_t l2Bytes = 1024 * 1024; // second-level cache per core
  int threads = 1;               // cores the kernels' parallel loops spread over
  int batch = 32;                // the training program's batch (Keras's default)
  int inferenceBatch = 256;      // the inference program's batch (cnn predict's default)
};

/// Describes a target by name ("host" or a Halide target string), or reports why not at the
/// location. Code generation knows targets; the passes take it from their caller.
using TargetResolver =
    std::function<mlir::FailureOr<TargetModel>(mlir::Location, const std::string &)>;

/// `cnn-choose-tiling{target=... threads=N batch=B inference-batch=B}`: gives every kernel a
/// `#cnn.schedule` (Schedule.h), the cheapest in a cost model of the target: a layer's kernel
/// in the inference program `cnn.schedule` at the inference batch, and in a module with a
/// training graph its kernel in the training program `cnn.training_schedule` at the training
/// batch; a training op's one kernel `cnn.schedule`. Ops that carry one keep it, so schedules
/// can be set by hand in the IR. The `target` option needs `resolve`.
std::unique_ptr<mlir::Pass> createChooseTilingPass(const TargetModel &target = TargetModel(),
                                                   TargetResolver resolve = nullptr);

/// The cycles the tiling cost model predicts for the blocked sum of `op`'s kernel under
/// `schedule` at `batch` (its register tile; the rest it does not model), or 0 for kernels
/// without one.
double modelledCycles(mlir::Operation *op, const Schedule &schedule, const TargetModel &target,
                      int64_t batch);

/// A random valid schedule of a kernel whose dimensions are `space`: vectors up to 32 lanes,
/// tiles of up to 8 per dimension and 24 accumulators, tasks of up to 64 iterations.
Schedule sampleSchedule(const ScheduleSpace &space, std::mt19937_64 &rng);

/// `cnn-sample-schedules{seed=S}`: replaces every schedule an op carries with sampleSchedule's
/// draw, in the module's order, so that one seed gives one set of schedules.
std::unique_ptr<mlir::Pass> createSampleSchedulesPass();

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

/// Makes the passes known by name (for pass pipelines and --print-ir-after-all); `resolve`
/// lets cnn-choose-tiling's `target` option name a target.
void registerCnnPasses(TargetResolver resolve = nullptr);

struct ScheduleLogOptions;

/// The passes between the cnn dialect and code generation; `training` adds the training graph,
/// `fuse` the fusion of conv, ReLU and pooling, `log` the best schedules of a cnn-tune log
/// before the cost model chooses the rest.
void buildCompilePipeline(mlir::PassManager &pm, bool training, bool fuse = true,
                          const TargetModel &target = TargetModel(),
                          const ScheduleLogOptions *log = nullptr);

} // namespace cnnc

#endif // CNNC_PASSES_PASSES_H
