// The dimensions of each op's kernel, and the verification of a schedule against them.
#include "cnnc/ir/Schedule.h"
#include "cnnc/ir/CnnDialect.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace cnnc {

namespace {

/// A shape in Halide's order (innermost first), -1 for the batch.
std::vector<int64_t> halideOrder(Value value) {
  auto shape = value.getType().cast<ShapedType>().getShape();
  std::vector<int64_t> extents(shape.rbegin(), shape.rend());
  for (int64_t &extent : extents)
    if (extent == ShapedType::kDynamicSize)
      extent = -1;
  return extents;
}

int64_t channelsOf(Value value) { return halideOrder(value).front(); }

/// A kernel of elements, rows or samples, without a register tile.
ScheduleSpace elementwise(Value result) {
  ScheduleSpace space;
  space.channels = channelsOf(result);
  space.taskLoop = halideOrder(result).size() == 4 ? "rows of every sample" : "samples";
  return space;
}

/// A blocked sum over the first `rank` dimensions of `result` in Halide's order.
ScheduleSpace blocked(Value result, size_t rank, StringRef taskLoop) {
  std::vector<int64_t> extents = halideOrder(result);
  ScheduleSpace space;
  space.channels = extents[0];
  space.tileExtents.assign(extents.begin(), extents.begin() + rank);
  space.taskLoop = taskLoop.str();
  return space;
}

constexpr StringLiteral kTiles = "tiles";

ScheduleSpace fusedSpace(cnn::FusedOp fused) {
  ScheduleSpace space;
  for (Operation &inner : fused.body().front()) {
    if (auto conv = dyn_cast<cnn::Conv2DOp>(inner))
      space = blocked(conv.output(), 3, "rows of tiles of every sample");
    else if (isa<cnn::MaxPool2DOp, cnn::AvgPool2DOp>(inner))
      space.maxTileRows =
          inner.getAttrOfType<ArrayAttr>("pool_size")[0].cast<IntegerAttr>().getInt();
  }
  if (space.maxTileRows > 0)
    space.taskLoop = "rows of pooling windows of every sample";
  return space;
}

} // namespace

Optional<ScheduleSpace> scheduleSpaceOf(Operation *op) {
  if (!isa_and_nonnull<cnn::CnnDialect>(op->getDialect()))
    return llvm::None;
  if (isa<cnn::InputOp, cnn::FlattenOp, cnn::ReshapeOp, cnn::OutputOp, cnn::LabelsOp,
          cnn::TargetsOp, cnn::ReshapeGradOp, cnn::YieldOp, cnn::MaxPool2DWinnersOp>(op))
    return llvm::None;
  return llvm::TypeSwitch<Operation *, ScheduleSpace>(op)
      .Case([](cnn::FusedOp fused) { return fusedSpace(fused); })
      .Case([](cnn::Conv2DOp conv) {
        return blocked(conv.output(), 3, "rows of tiles of every sample");
      })
      .Case([](cnn::DenseOp dense) {
        if (dense.activation() == cnn::Activation::softmax)
          return elementwise(dense.output());
        return blocked(dense.output(), 2, "tiles of units and samples");
      })
      .Case([](cnn::Conv2DGradInputOp grad) {
        ScheduleSpace space = blocked(grad.output(), 3, kTiles);
        int64_t filters = channelsOf(grad.inputs()[0]);
        space.stages = {{"kernel_by_input", space.channels, false, true},
                        {"gradient_spread", filters, false, false, true}};
        return space;
      })
      .Case([](cnn::Conv2DGradKernelOp grad) {
        ScheduleSpace space = blocked(grad.output(), 4, kTiles);
        space.stages = {{"input_padded", channelsOf(grad.inputs()[1]), false, false}};
        return space;
      })
      .Case([](cnn::DenseGradInputOp grad) {
        ScheduleSpace space = blocked(grad.output(), 2, kTiles);
        space.stages = {{"kernel_by_input", space.channels, true, true}};
        return space;
      })
      .Case([](cnn::DenseGradKernelOp grad) { return blocked(grad.output(), 2, kTiles); })
      .Case([](cnn::BiasGradOp grad) {
        ScheduleSpace space = elementwise(grad.output());
        space.taskLoop = "vectors of channels";
        return space;
      })
      .Case([](cnn::MaxPool2DGradOp grad) {
        ScheduleSpace space = elementwise(grad.output());
        space.stages = {{"maxima", space.channels, false, false}};
        return space;
      })
      .Case<cnn::AdamUpdateOp, cnn::SgdUpdateOp, cnn::RmspropUpdateOp>([](Operation *) {
        ScheduleSpace space; // its vectors and tasks mask their ends: parameters share it
        space.channels = -1;
        space.taskLoop = "elements";
        return space;
      })
      .Default([](Operation *op) { return elementwise(op->getResult(0)); });
}

namespace {

bool isPowerOfTwoUpTo64(int64_t lanes) {
  return lanes >= 1 && lanes <= 64 && !(lanes & (lanes - 1));
}

std::string vectorProblem(const std::string &what, int64_t lanes, int64_t channels) {
  if (!isPowerOfTwoUpTo64(lanes))
    return what + " " + std::to_string(lanes) + " is not a power of two from 1 to 64";
  if (channels >= 0 && lanes > channels)
    return what + " " + std::to_string(lanes) + " exceeds the " + std::to_string(channels) +
           " values of the dimension it vectorizes";
  return "";
}

std::string tileProblem(const Schedule &s, const ScheduleSpace &space) {
  if (s.tile.size() != space.tileExtents.size())
    return "tile has " + std::to_string(s.tile.size()) + " dimensions, the kernel blocks " +
           std::to_string(space.tileExtents.size());
  for (size_t d = 0; d < s.tile.size(); ++d) {
    std::string name = "tile[" + std::to_string(d) + "] ";
    int64_t extent = space.tileExtents[d], values = d == 0 ? s.tile[d] * s.vector : s.tile[d];
    if (s.tile[d] < 1)
      return name + "must be at least 1";
    if (extent >= 0 && values > extent)
      return name + std::to_string(s.tile[d]) + (d == 0 ? " vectors" : "") + " exceeds the " +
             std::to_string(extent) + " values of the output's dimension " + std::to_string(d);
  }
  if (space.maxTileRows > 0 && s.tile.size() > 2 && s.tile[2] > space.maxTileRows)
    return "tile[2] " + std::to_string(s.tile[2]) + " exceeds the " +
           std::to_string(space.maxTileRows) + " rows of a pooling window";
  return "";
}

std::string stagesProblem(const Schedule &s, const ScheduleSpace &space) {
  if (s.stageVectors.size() != space.stages.size() || s.stageTasks.size() != space.stages.size())
    return "stages need " + std::to_string(space.stages.size()) +
           " stage_vectors and stage_tasks (one per staged copy), got " +
           std::to_string(s.stageVectors.size()) + " and " + std::to_string(s.stageTasks.size());
  for (size_t i = 0; i < space.stages.size(); ++i) {
    const StagedCopy &copy = space.stages[i];
    std::string index = "[" + std::to_string(i) + "] (" + copy.name + ")";
    std::string problem = vectorProblem("stage_vectors" + index, s.stageVectors[i], copy.channels);
    if (!problem.empty())
      return problem;
    if (s.stageTasks[i] < 1 || (copy.perTask && s.stageTasks[i] != 1))
      return "stage_tasks" + index + " must be " +
             (copy.perTask ? "1: the copy is made in each task of the kernel" : "at least 1");
  }
  return "";
}

} // namespace

std::string scheduleProblem(const ScheduleSpace &space, const Schedule &s) {
  std::string problem = vectorProblem("vector", s.vector, space.channels);
  if (problem.empty())
    problem = tileProblem(s, space);
  if (problem.empty() && s.task < 1)
    problem = "task must be at least 1 (" + space.taskLoop + " per parallel task)";
  return problem.empty() ? stagesProblem(s, space) : problem;
}

LogicalResult verifySchedule(Operation *op, const Schedule &s) {
  Optional<ScheduleSpace> space = scheduleSpaceOf(op);
  if (!space)
    return op->emitOpError("has no kernel of its own to schedule");
  std::string problem = scheduleProblem(*space, s);
  if (!problem.empty())
    return op->emitOpError() << "schedule's " << problem;
  return success();
}

void forEachKernel(ModuleOp module,
                   llvm::function_ref<void(Operation *, KernelRole, const ScheduleSpace &)> fn) {
  bool training = cnn::hasTrainingGraph(module);
  module.walk([&](Operation *op) {
    Optional<ScheduleSpace> space = scheduleSpaceOf(op);
    if (!space)
      return;
    if (!cnn::isTrainingOp(op) && !isa<cnn::DropoutOp>(op))
      fn(op, KernelRole::Inference, *space);
    if (training && !isa<cnn::FusedOp>(op->getParentOp()))
      fn(op, KernelRole::Training, *space);
  });
}

StringRef scheduleAttrName(Operation *op, KernelRole role) {
  return role == KernelRole::Training && !cnn::isTrainingOp(op) ? "cnn.training_schedule"
                                                                : "cnn.schedule";
}

FailureOr<Schedule> scheduleOf(Operation *op, KernelRole role) {
  StringRef name = scheduleAttrName(op, role);
  auto attr = op->getAttrOfType<cnn::ScheduleAttr>(name);
  if (!attr) {
    op->emitError() << "'" << op->getName() << "' has no " << name
                    << " attribute (run the cnn-choose-tiling pass)";
    return failure();
  }
  return attr.getSchedule();
}

void setSchedule(Operation *op, KernelRole role, const Schedule &schedule) {
  op->setAttr(scheduleAttrName(op, role), cnn::ScheduleAttr::get(op->getContext(), schedule));
}

std::string printSchedule(const Schedule &schedule) {
  std::string text;
  llvm::raw_string_ostream os(text);
  auto list = [&](StringRef key, ArrayRef<int64_t> values) {
    if (values.empty())
      return;
    os << ", " << key << " = [";
    llvm::interleaveComma(values, os);
    os << "]";
  };
  os << "schedule<vector = " << schedule.vector;
  list("tile", schedule.tile);
  os << ", task = " << schedule.task;
  list("stage_vectors", schedule.stageVectors);
  list("stage_tasks", schedule.stageTasks);
  os << ">";
  return os.str();
}

} // namespace cnnc
