// #cnn.schedule<...>: its syntax, its conversion to a Schedule, and its check at the op.
#include "cnnc/ir/CnnDialect.h"

#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

#define GET_ATTRDEF_CLASSES
#include "cnnc/ir/CnnAttrs.cpp.inc"

namespace cnnc::cnn {

void CnnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "cnnc/ir/CnnAttrs.cpp.inc"
      >();
}

Schedule ScheduleAttr::getSchedule() const {
  Schedule schedule;
  schedule.vector = getVector();
  schedule.tile.assign(getTile().begin(), getTile().end());
  schedule.task = getTask();
  schedule.stageVectors.assign(getStageVectors().begin(), getStageVectors().end());
  schedule.stageTasks.assign(getStageTasks().begin(), getStageTasks().end());
  return schedule;
}

ScheduleAttr ScheduleAttr::get(MLIRContext *context, const Schedule &schedule) {
  return get(context, schedule.vector, schedule.tile, schedule.task, schedule.stageVectors,
             schedule.stageTasks);
}

/// `<key = value, ...>`: `vector` and `task` take an integer, `tile`, `stage_vectors` and
/// `stage_tasks` a list of them; each key once, in any order; vector and task are required.
Attribute ScheduleAttr::parse(AsmParser &parser, Type) {
  Schedule schedule;
  bool hasVector = false, hasTask = false;
  llvm::SmallVector<StringRef> seen;
  SMLoc start = parser.getCurrentLocation();
  auto parseEntry = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    if (llvm::is_contained(seen, key))
      return parser.emitError(loc) << "schedule dimension '" << key << "' given twice";
    seen.push_back(key);
    auto parseList = [&](llvm::SmallVectorImpl<int64_t> &values) {
      return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&]() {
        return parser.parseInteger(values.emplace_back());
      });
    };
    if (key == "vector") {
      hasVector = true;
      return parser.parseInteger(schedule.vector);
    }
    if (key == "task") {
      hasTask = true;
      return parser.parseInteger(schedule.task);
    }
    if (key == "tile")
      return parseList(schedule.tile);
    if (key == "stage_vectors")
      return parseList(schedule.stageVectors);
    if (key == "stage_tasks")
      return parseList(schedule.stageTasks);
    return parser.emitError(loc) << "unknown schedule dimension '" << key
                                 << "'; a schedule has vector, tile, task, stage_vectors and "
                                    "stage_tasks";
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::LessGreater, parseEntry))
    return {};
  if (!hasVector || !hasTask) {
    parser.emitError(start) << "a schedule needs " << (hasVector ? "a task" : "a vector");
    return {};
  }
  return get(parser.getContext(), schedule);
}

void ScheduleAttr::print(AsmPrinter &printer) const {
  // printSchedule writes the mnemonic too; the printer has written it already.
  printer << StringRef(printSchedule(getSchedule())).drop_front(getMnemonic().size());
}

LogicalResult CnnDialect::verifyOperationAttribute(Operation *op, NamedAttribute attribute) {
  StringRef name = attribute.getName().strref();
  bool isSchedule = name == "cnn.schedule" || name == "cnn.training_schedule";
  if (!isSchedule)
    return success(); // cnn.compile and other attributes are checked where they are read
  auto schedule = attribute.getValue().dyn_cast<ScheduleAttr>();
  if (!schedule)
    return op->emitOpError() << name << " must be a #cnn.schedule<...> attribute, got "
                             << attribute.getValue();
  if (name == "cnn.training_schedule" && isTrainingOp(op))
    return op->emitOpError("is a training op: its one kernel takes cnn.schedule");
  if (name == "cnn.training_schedule" && isa_and_nonnull<FusedOp>(op->getParentOp()))
    return op->emitOpError("trains as part of its fused op, whose cnn.training_schedule holds");
  return verifySchedule(op, schedule.getSchedule());
}

} // namespace cnnc::cnn
