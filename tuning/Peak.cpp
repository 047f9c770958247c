// A kernel of independent FMA chains, JIT-compiled and timed: the FP32 peak kernels reach.
#include "cnnc/tuning/Peak.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace cnnc {

double measurePeakGflops(const Halide::Target &target, int threads) {
  using namespace Halide;
  constexpr int kChains = 12, kSteps = 200000;
  int lanes = target.natural_vector_size<float>();
  Var lane("lane"), thread("thread");
  RDom step(0, kSteps, "step");
  Func chains("chains");
  chains(lane, thread) = cast<float>(lane) * 1e-3f;
  // Each step one multiply-add (fused by LLVM into an FMA); the select only names the step.
  chains(lane, thread) = select(step >= 0, chains(lane, thread) * 0.999999f + 1e-7f, 0.0f);
  Func peak("peak");
  peak(lane, thread) = chains(lane, thread);
  peak.bound(lane, 0, lanes * kChains).parallel(thread);
  chains.compute_at(peak, thread).vectorize(lane, lanes).unroll(lane);
  chains.update().reorder(lane, step).vectorize(lane, lanes).unroll(lane);
  peak.compile_jit(target.without_feature(Target::NoRuntime));
  Buffer<float> out(lanes * kChains, threads);
  std::vector<double> seconds;
  for (int run = 0; run < 6; ++run) {
    auto start = std::chrono::steady_clock::now();
    peak.realize(out);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  seconds.erase(seconds.begin()); // the first run starts the thread pool
  std::sort(seconds.begin(), seconds.end());
  double flops = 2.0 * lanes * kChains * (double)kSteps * threads;
  return flops / seconds[seconds.size() / 2] / 1e9;
}

} // namespace cnnc
