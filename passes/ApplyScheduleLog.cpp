// cnn-apply-schedule-log: every kernel takes its best recorded schedule; the others are named.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/KernelKey.h"
#include "cnnc/passes/ScheduleLog.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser.h"

#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace mlir;

namespace cnnc {
namespace {

/// What a warning calls a kernel: its layer (or parameter) and role.
std::string kernelLabel(Operation *op, KernelRole role) {
  return (cnn::modelLabel(op) + " " + op->getName().getStringRef().drop_front(4) + " (" +
          roleName(role) + ")")
      .str();
}

class ApplyScheduleLogPass : public PassWrapper<ApplyScheduleLogPass, OperationPass<ModuleOp>> {
public:
  explicit ApplyScheduleLogPass(const ScheduleLogOptions &options) : options(options) {}
  StringRef getArgument() const override { return "cnn-apply-schedule-log"; }
  StringRef getName() const override { return "ApplyScheduleLog"; }
  StringRef getDescription() const override {
    return "Give every kernel its best schedule recorded in a cnn-tune log";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string error;
    auto records = readScheduleLog(
        options.path, [&](const std::string &why) { emitWarning(module.getLoc()) << why; }, error);
    if (failed(records)) {
      emitError(module.getLoc()) << error;
      return signalPassFailure();
    }
    std::map<std::string, ScheduleRecord> best =
        bestSchedules(*records, options.target, options.threads);
    std::vector<std::string> missing;
    std::set<std::string> kernels, missingKeys; // ops computing the same kernel count once
    bool ok = true;
    forEachKernel(module, [&](Operation *op, KernelRole role, const ScheduleSpace &) {
      if (op->hasAttr(scheduleAttrName(op, role)))
        return; // set by hand
      std::string key = kernelKey(op, role);
      kernels.insert(key);
      auto found = best.find(key);
      if (found == best.end()) {
        if (missingKeys.insert(key).second)
          missing.push_back(kernelLabel(op, role));
        return;
      }
      auto attr = parseAttribute(found->second.schedule, op->getContext())
                      .dyn_cast_or_null<cnn::ScheduleAttr>();
      if (!attr || failed(verifySchedule(op, attr.getSchedule()))) {
        op->emitError() << options.path << ": the schedule recorded for kernel " << found->first
                        << " (" << found->second.schedule << ") is not one of this op's";
        ok = false;
        return;
      }
      setSchedule(op, role, attr.getSchedule());
    });
    if (!ok)
      return signalPassFailure();
    if (missing.empty())
      return;
    InFlightDiagnostic warning = emitWarning(module.getLoc());
    warning << options.path << " holds no schedule for " << options.target << " at "
            << options.threads << " thread" << (options.threads == 1 ? "" : "s") << " of "
            << missing.size() << " of the " << kernels.size()
            << " kernels, which keep the cost model's: ";
    llvm::interleaveComma(missing, warning);
  }

private:
  ScheduleLogOptions options;
};

} // namespace

std::unique_ptr<Pass> createApplyScheduleLogPass(const ScheduleLogOptions &options) {
  return std::make_unique<ApplyScheduleLogPass>(options);
}

} // namespace cnnc
