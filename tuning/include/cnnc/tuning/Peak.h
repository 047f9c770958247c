// The machine's FP32 peak as Halide's code reaches it: independent vector FMAs on every thread.
#ifndef CNNC_TUNING_PEAK_H
#define CNNC_TUNING_PEAK_H

#include "Halide.h"

namespace cnnc {

/// GFLOP/s of a JIT-compiled kernel of nothing but independent fused multiply-adds on vectors of
/// `target`'s width, 12 chains a thread on `threads` threads (the median of 5 runs): the figure
/// kernels are compared with, as ../shared/peers/peak_fma.cpp measures it for the benchmarks.
double measurePeakGflops(const Halide::Target &target, int threads);

} // namespace cnnc

#endif // CNNC_TUNING_PEAK_H
