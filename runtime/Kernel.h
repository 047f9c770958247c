// Calling a generated kernel: its halide_buffer_t arguments and its errors.
#ifndef CNNRT_KERNEL_H
#define CNNRT_KERNEL_H

#include "Profile.h"

#include "cnn/model_desc.h"

#include <HalideRuntime.h>

#include <algorithm>
#include <string>

namespace cnnrt {

// The arguments of one kernel call, in the order they are added.
class KernelArgs {
public:
  // `host` as a dense float32 buffer of Keras shape `shape` (a leading -1 stands for `batch`),
  // in Halide's dimension order.
  void add(float *host, const int64_t *shape, int rank, int64_t batch);
  // `host` as a one-dimensional float32 buffer of `count` elements.
  void addFlat(float *host, int64_t count);
  // `host` as a one-dimensional int32 buffer of `count` elements.
  void addInt32(int32_t *host, int64_t count);
  // A scalar argument: Halide's argv holds a pointer to its value, which kernels only read.
  void addScalar(const void *value);
  void **argv() { return args_; }

private:
  int reserve(); // the next argument's index
  halide_buffer_t &next(void *host, halide_type_t type, int dimensions);

  static constexpr int kMax =
      std::max(CNN_MAX_LAYER_INPUTS + CNN_MAX_LAYER_PARAMS + 1, CNN_MAX_STEP_ARGS + 1);
  halide_buffer_t buffers_[kMax];
  halide_dimension_t dims_[kMax][CNN_MAX_RANK];
  void *args_[kMax];
  int count_ = 0;
};

// Calls `kernel`; a failure throws CNN_ERROR_KERNEL naming `what` ("layer 'dense'") with the
// messages Halide reported. With a `profile` entry (profiling on), the call is timed and counted
// there with `batch` samples' work.
void runKernel(cnn_kernel_fn kernel, KernelArgs &args, const std::string &what,
               ProfileEntry *profile = nullptr, int64_t batch = 0);

// Throws CNN_ERROR_ARGUMENT unless `batch` samples of `sampleSize` scalars fit Halide's 32-bit
// extents and strides; `what` names the buffer ("layer 'dense'").
void checkBatchFits(int64_t batch, int64_t sampleSize, const std::string &what);

} // namespace cnnrt

#endif // CNNRT_KERNEL_H
