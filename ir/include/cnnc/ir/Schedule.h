// The schedule of one kernel, the dimensions an op's kernel has, and the checks between them.
#ifndef CNNC_IR_SCHEDULE_H
#define CNNC_IR_SCHEDULE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnc {

/// The schedule of a kernel, as `#cnn.schedule<...>` prints it and codegen applies it:
/// - `vector`: the lanes of a vector along the output's dimension 0 (the channels);
/// - `tile`: the register tile of a blocked sum along the output's dimensions 0, 1, ... in
///   Halide's order (innermost first), dimension 0 counted in vectors; empty without one;
/// - `task`: the iterations of the kernel's parallel loop each parallel task runs;
/// - `stageVectors`, `stageTasks`: the same for each copy the kernel stages before its sum.
struct Schedule {
  int64_t vector = 1;
  llvm::SmallVector<int64_t, 4> tile;
  int64_t task = 1;
  llvm::SmallVector<int64_t, 2> stageVectors, stageTasks;
};

/// A copy an op's kernel stages before its sum: a transposed kernel, a zero-padded input.
struct StagedCopy {
  std::string name;
  int64_t channels;     // the extent of its dimension 0
  bool matrix;          // two dimensions (its parallel loop goes by rows) or an image (by samples)
  bool transposed;      // read with dimensions 0 and 1 swapped, by square tiles of `vector`
  bool perTask = false; // made inside each task of the kernel, which sets its task
};

/// The dimensions an op's kernel has: what each schedule number may range over.
struct ScheduleSpace {
  int64_t channels = 1; // the vector's dimension; -1 where the kernel masks (an update's)
  std::vector<int64_t> tileExtents; // the blocked dimensions' extents, -1 for the batch
  int64_t maxTileRows = -1;         // the most rows (tile[2]) a tile may hold, when bounded
  std::vector<StagedCopy> stages;
  std::string taskLoop; // what the parallel loop runs over, for messages
};

/// The role of a kernel in a library: the inference program's (cnn.schedule) or the training
/// program's (cnn.training_schedule on the model's layers; training ops have one kernel).
enum class KernelRole { Inference, Training };

/// The attribute holding an op's schedule for `role`.
llvm::StringRef scheduleAttrName(mlir::Operation *op, KernelRole role);

/// The kernel dimensions of an op that has a kernel, none for ops without one (views, the
/// output, labels, a fused op's yield).
llvm::Optional<ScheduleSpace> scheduleSpaceOf(mlir::Operation *op);

/// Calls `fn` for every kernel a library of `module` holds, in the module's order: a layer's in
/// the inference program (but a Dropout's, a view there) and, with a training graph, in the
/// training program (but the layers' inside a fused op, which train in its kernel); a training
/// op's in the training program.
void forEachKernel(
    mlir::ModuleOp module,
    llvm::function_ref<void(mlir::Operation *, KernelRole, const ScheduleSpace &)> fn);

/// What is wrong with `schedule` for a kernel of `space` (see verifySchedule), or "".
std::string scheduleProblem(const ScheduleSpace &space, const Schedule &schedule);

/// Checks `schedule` against the op's kernel: a power-of-two vector no wider than 64 lanes nor
/// the channels, a tile of the op's rank within its extents, a task where the op has one, one
/// entry per staged copy. Reports the first problem at the op.
mlir::LogicalResult verifySchedule(mlir::Operation *op, const Schedule &schedule);

/// The op's schedule for `role`; an error at the op when it has none.
mlir::FailureOr<Schedule> scheduleOf(mlir::Operation *op, KernelRole role);

/// Gives the op `schedule` for `role`.
void setSchedule(mlir::Operation *op, KernelRole role, const Schedule &schedule);

/// The schedule as `#cnn.schedule<...>` prints it, without the dialect prefix.
std::string printSchedule(const Schedule &schedule);

} // namespace cnnc

#endif // CNNC_IR_SCHEDULE_H
