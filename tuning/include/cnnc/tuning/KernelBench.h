// One kernel of a model measured alone: JIT-compiled under a schedule, timed on random inputs.
#ifndef CNNC_TUNING_KERNELBENCH_H
#define CNNC_TUNING_KERNELBENCH_H

#include "cnnc/codegen/LayerKernels.h"
#include "cnnc/ir/Schedule.h"

#include "mlir/IR/BuiltinOps.h"

#include "Halide.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// What measuring a schedule found.
struct Measurement {
  std::string status = "ok"; // "ok", "failed" (did not compile or run), "wrong" (another output)
  std::string error;         // why, unless ok
  double medianMs = 0, minMs = 0;
  int runs = 0;
  std::string halideSchedule; // an autoscheduler's schedule, as Halide C++ source
  double vsFirst = 1; // the median ratio of its samples to the first schedule's, interleaved
};

/// The kernel of `op` in `role`'s program at `batch`, as the library builds it, compiled for
/// `target`. Its inputs are random (from `seed`) and the same for every schedule; the first
/// schedule measured gives the output the others must reproduce (to 1e-4, relative).
class KernelBench {
public:
  KernelBench(mlir::ModuleOp module, mlir::Operation *op, KernelRole role, int64_t batch,
              const Halide::Target &target, uint64_t seed, int runs);

  /// Compiles the kernel under `schedule` and times it: one warm-up call, then `runs` samples of
  /// at least a millisecond each (as many calls as that takes); median and fastest per call,
  /// and after the first schedule, the median ratio to it, each sample next to one of it.
  Measurement measure(const Schedule &schedule);

  /// The same for the kernel's algorithm scheduled by one of Halide's autoschedulers
  /// ("Mullapudi2016", "Adams2019", "Li2018"; its plugin loaded), for `threads` cores.
  Measurement measureAutoscheduled(const std::string &autoscheduler, int threads);

private:
  Measurement time(mlir::FailureOr<LayerKernel> &kernel,
                   const std::function<void(Halide::Pipeline &, LayerKernel &)> &prepare);
  int64_t dynamicExtent() const;
  static void setScalar(Halide::Param<> &scalar, bool estimate);
  void bindInputs(const std::vector<Halide::ImageParam> &buffers);
  std::string compareWithReference(const Halide::Realization &outputs);

  mlir::ModuleOp module;
  mlir::Operation *op;
  KernelRole role;
  int64_t batch;
  Halide::Target target;
  uint64_t seed;
  int runs;
  std::map<std::string, Halide::Buffer<>> inputs;           // by parameter name
  std::optional<std::vector<std::vector<float>>> reference; // the first schedule's outputs
  std::function<void()> referenceRun; // one call of the first schedule's kernel
  int referenceCalls = 1;             // calls of it in a sample
};

} // namespace cnnc

#endif // CNNC_TUNING_KERNELBENCH_H
