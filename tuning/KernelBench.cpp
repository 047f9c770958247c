// Measures one kernel under a schedule with Halide's JIT, on inputs shared by every schedule.
#include "cnnc/tuning/KernelBench.h"
#include "cnnc/codegen/LayerKernels.h"
#include "cnnc/ir/CnnDialect.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>

namespace cnnc {
namespace {

/// The extents of the kernel's output in Halide's order, the batch at `batch`; an update's
/// outputs are its parameter, flat.
std::vector<int32_t> outputSizes(mlir::Operation *op, int64_t batch) {
  if (cnn::isOptimizerUpdate(op))
    return {(int32_t)op->getOperand(0).getType().cast<mlir::ShapedType>().getNumElements()};
  auto shape = op->getResult(0).getType().cast<mlir::ShapedType>().getShape();
  std::vector<int32_t> sizes;
  for (auto extent = shape.rbegin(); extent != shape.rend(); ++extent)
    sizes.push_back(*extent == mlir::ShapedType::kDynamicSize ? (int32_t)batch : (int32_t)*extent);
  return sizes;
}

/// Random values: floats in [low, 1], integers (labels) in [0, 10).
void fillRandom(Halide::Buffer<> &buffer, float low, std::mt19937_64 &rng) {
  std::uniform_real_distribution<float> real(low, 1.0f);
  std::uniform_int_distribution<int32_t> label(0, 9);
  if (buffer.type() == Halide::Float(32))
    buffer.as<float>().for_each_value([&](float &v) { v = real(rng); });
  else if (buffer.type() == Halide::Int(32))
    buffer.as<int32_t>().for_each_value([&](int32_t &v) { v = label(rng); });
}

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace

KernelBench::KernelBench(mlir::ModuleOp module, mlir::Operation *op, KernelRole role, int64_t batch,
                         const Halide::Target &target, uint64_t seed, int runs)
    : module(module), op(op), role(role), batch(batch),
      target(target.without_feature(Halide::Target::NoRuntime)), seed(seed), runs(runs) {}

/// The extents of an input buffer as the library's callers pass it: its static extents (its
/// constraints), the batch, or a flat update buffer's elements.
std::vector<int> inputExtents(const Halide::ImageParam &param, int64_t dynamicExtent) {
  std::vector<int> extents;
  for (int d = 0; d < param.dimensions(); ++d) {
    const int64_t *extent = Halide::Internal::as_const_int(param.parameter().extent_constraint(d));
    extents.push_back(extent ? (int)*extent : (int)dynamicExtent);
  }
  return extents;
}

void KernelBench::bindInputs(const std::vector<Halide::ImageParam> &buffers) {
  std::mt19937_64 rng(seed);
  for (Halide::ImageParam param : buffers) {
    auto [entry, isNew] = inputs.try_emplace(param.name());
    if (isNew) {
      entry->second = Halide::Buffer<>(param.type(), inputExtents(param, dynamicExtent()));
      // An optimizer's second moments are not negative; other values take either sign.
      fillRandom(entry->second,
                 mlir::isa<cnn::AdamUpdateOp, cnn::RmspropUpdateOp>(op) ? 0.0f : -1.0f, rng);
    }
    param.set(entry->second);
  }
}

std::string KernelBench::compareWithReference(const Halide::Realization &outputs) {
  // The outputs are dense buffers of one shape: kept and compared value by value in memory order.
  if (!reference) {
    reference.emplace();
    for (size_t i = 0; i < outputs.size(); ++i) {
      Halide::Buffer<float> output = outputs[i];
      reference->emplace_back(output.data(), output.data() + output.number_of_elements());
    }
    return "";
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    Halide::Buffer<float> got = outputs[i];
    const float *a = got.data(), *b = (*reference)[i].data();
    for (size_t k = 0; k < (*reference)[i].size(); ++k)
      if (!(std::fabs(a[k] - b[k]) <= 1e-5f + 1e-4f * std::fabs(b[k])) &&
          !(std::isnan(a[k]) && std::isnan(b[k])))
        return "output " + std::to_string(i) + " differs: " + std::to_string(a[k]) +
               " where the first schedule computed " + std::to_string(b[k]);
  }
  return "";
}

Measurement KernelBench::measure(const Schedule &schedule) {
  mlir::Attribute saved = op->getAttr(scheduleAttrName(op, role));
  setSchedule(op, role, schedule);
  auto kernel = buildKernel(module, op, role, "tuned_kernel");
  op->setAttr(scheduleAttrName(op, role), saved);
  return time(kernel, nullptr);
}

Measurement KernelBench::measureAutoscheduled(const std::string &autoscheduler, int threads) {
  auto kernel = buildKernel(module, op, role, "tuned_kernel", /*scheduled=*/false);
  std::string source;
  Measurement result = time(kernel, [&](Halide::Pipeline &pipeline, LayerKernel &k) {
    std::vector<int32_t> sizes = outputSizes(op, batch);
    Halide::Region output;
    for (int32_t extent : sizes)
      output.emplace_back(0, extent);
    k.output.set_estimates(output);
    for (Halide::ImageParam param : k.buffers) {
      Halide::Region region;
      for (int extent : inputExtents(param, dynamicExtent()))
        region.emplace_back(0, extent);
      param.set_estimates(region);
    }
    for (Halide::Param<> &scalar : k.scalars)
      setScalar(scalar, /*estimate=*/true);
    // Halide's apps' parameters of a desktop CPU: its last-level cache, 40 cycles a load.
    source = pipeline
                 .auto_schedule(autoscheduler, target,
                                Halide::MachineParams(threads, 16 * 1024 * 1024, 40))
                 .schedule_source;
  });
  result.halideSchedule = source;
  return result;
}

int64_t KernelBench::dynamicExtent() const {
  // An update's buffers are its parameter, flat; others' dynamic dimension is the batch.
  return cnn::isOptimizerUpdate(op) ? outputSizes(op, batch).front() : batch;
}

void KernelBench::setScalar(Halide::Param<> &scalar, bool estimate) {
  // Adam's step size, or a Dropout's seed or first sample. (Param<> of no static type cannot check
  // an estimate's type itself; its parameter takes the expression.)
  auto set = [&](auto value) {
    if (estimate) {
      Halide::Internal::Parameter parameter = scalar.parameter();
      parameter.set_estimate(Halide::Expr(value));
    } else {
      scalar.set(value);
    }
  };
  if (scalar.type().is_float())
    set(0.001f);
  else if (scalar.type().is_uint())
    set((uint32_t)7);
  else
    set(7);
}

Measurement
KernelBench::time(mlir::FailureOr<LayerKernel> &kernel,
                  const std::function<void(Halide::Pipeline &, LayerKernel &)> &prepare) {
  Measurement result;
  if (mlir::failed(kernel)) {
    result.status = "failed";
    result.error = "the kernel could not be built";
    return result;
  }
  try {
    Halide::Pipeline pipeline(kernel->output);
    for (Halide::Param<> &scalar : kernel->scalars)
      setScalar(scalar, /*estimate=*/false);
    if (prepare)
      prepare(pipeline, *kernel);
    std::vector<int32_t> sizes = outputSizes(op, batch);
    pipeline.compile_jit(target);
    bindInputs(kernel->buffers);
    std::vector<Halide::Buffer<>> buffers;
    for (const Halide::Type &type : kernel->output.output_types())
      buffers.emplace_back(type, sizes);
    Halide::Realization outputs(buffers);
    auto call = [&] { pipeline.realize(outputs, target); };
    Clock::time_point warm = Clock::now();
    call();
    double once = std::max(msSince(warm), 1e-3);
    std::string problem = compareWithReference(outputs);
    if (!problem.empty()) {
      result.status = "wrong";
      result.error = problem;
      return result;
    }
    int calls = std::max(1, (int)std::ceil(1.0 / once));
    auto sampleOf = [](const std::function<void()> &run, int times) {
      Clock::time_point start = Clock::now();
      for (int i = 0; i < times; ++i)
        run();
      return msSince(start) / times;
    };
    // Each sample of a later schedule right after one of the first: their ratio holds when the
    // machine's speed drifts between candidates.
    std::vector<double> perCall, ratios;
    for (int sample = 0; sample < runs; ++sample) {
      double referenceMs = referenceRun ? sampleOf(referenceRun, referenceCalls) : 0;
      perCall.push_back(sampleOf(call, calls));
      ratios.push_back(referenceRun ? perCall.back() / referenceMs : 1.0);
    }
    std::sort(perCall.begin(), perCall.end());
    std::sort(ratios.begin(), ratios.end());
    result.medianMs = perCall[perCall.size() / 2];
    result.minMs = perCall.front();
    result.vsFirst = ratios[ratios.size() / 2];
    result.runs = runs;
    if (!referenceRun) {
      referenceRun = [pipeline, outputs, target = target]() mutable {
        pipeline.realize(outputs, target);
      };
      referenceCalls = calls;
    }
  } catch (const Halide::Error &error) {
    result.status = "failed";
    result.error = error.what();
  }
  return result;
}

} // namespace cnnc
