// Halide targets by name, and what the tiling cost model needs to know of them.
#include "cnnc/codegen/TargetModel.h"
#include "TargetInfo.h"

#include "mlir/IR/Diagnostics.h"

#include <thread>
#include <unistd.h>

namespace cnnc {

mlir::FailureOr<Halide::Target> parseTarget(mlir::Location loc, const std::string &name) {
  if (name == "host")
    return Halide::get_host_target();
  if (!Halide::Target::validate_target_string(name)) {
    mlir::emitError(loc) << "invalid Halide target '" << name << "'";
    return mlir::failure();
  }
  return Halide::Target(name);
}

mlir::FailureOr<std::string> canonicalTarget(mlir::Location loc, const std::string &name) {
  auto target = parseTarget(loc, name);
  if (failed(target))
    return mlir::failure();
  return target->to_string();
}

/// A cache size from sysconf, or `fallback` where the system does not say.
static int64_t cacheBytes(int name, int64_t fallback) {
  long bytes = sysconf(name);
  return bytes > 0 ? bytes : fallback;
}

mlir::FailureOr<TargetModel> describeTarget(mlir::Location loc, const std::string &halideTarget) {
  auto target = parseTarget(loc, halideTarget);
  if (failed(target))
    return mlir::failure();
  TargetModel model;
  model.vectorWidth = target->natural_vector_size<float>();
  model.registers = target->has_feature(Halide::Target::AVX512) ? 32 : 16;
  if (halideTarget == "host") {
    model.l1Bytes = cacheBytes(_SC_LEVEL1_DCACHE_SIZE, model.l1Bytes);
    model.l2Bytes = cacheBytes(_SC_LEVEL2_CACHE_SIZE, model.l2Bytes);
    model.threads = std::max(1u, std::thread::hardware_concurrency());
  }
  return model;
}

} // namespace cnnc
