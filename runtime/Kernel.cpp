// Kernel arguments as halide_buffer_t descriptions, and kernel failures as cnnrt::Error.
#include "Kernel.h"

#include "Errors.h"

#include <limits>

namespace cnnrt {

int KernelArgs::reserve() {
  if (count_ == kMax)
    throw Error(CNN_ERROR_FORMAT,
                "a kernel call has more than " + std::to_string(kMax) + " arguments");
  return count_++;
}

halide_buffer_t &KernelArgs::next(void *host, halide_type_t type, int dimensions) {
  const int index = reserve();
  halide_buffer_t &buffer = buffers_[index];
  buffer = halide_buffer_t();
  buffer.host = static_cast<uint8_t *>(host);
  buffer.type = type;
  buffer.dimensions = dimensions;
  buffer.dim = dims_[index];
  args_[index] = &buffer;
  return buffer;
}

void KernelArgs::add(float *host, const int64_t *shape, int rank, int64_t batch) {
  halide_buffer_t &buffer = next(host, halide_type_t(halide_type_float, 32, 1), rank);
  int64_t stride = 1;
  for (int d = 0; d < rank; ++d) {
    const int64_t extent = shape[rank - 1 - d] < 0 ? batch : shape[rank - 1 - d];
    buffer.dim[d] =
        halide_dimension_t(0, static_cast<int32_t>(extent), static_cast<int32_t>(stride));
    stride *= extent;
  }
}

void KernelArgs::addFlat(float *host, int64_t count) {
  halide_buffer_t &buffer = next(host, halide_type_t(halide_type_float, 32, 1), 1);
  buffer.dim[0] = halide_dimension_t(0, static_cast<int32_t>(count), 1);
}

void KernelArgs::addInt32(int32_t *host, int64_t count) {
  halide_buffer_t &buffer = next(host, halide_type_t(halide_type_int, 32, 1), 1);
  buffer.dim[0] = halide_dimension_t(0, static_cast<int32_t>(count), 1);
}

void KernelArgs::addScalar(const void *value) { args_[reserve()] = const_cast<void *>(value); }

void runKernel(cnn_kernel_fn kernel, KernelArgs &args, const std::string &what,
               ProfileEntry *profile, int64_t batch) {
  takeHalideError(); // drop messages left over from calls that succeeded
  const int result =
      profile ? timedCall(*profile, kernel, args.argv(), batch) : kernel(args.argv());
  if (result != 0) {
    std::string message = takeHalideError();
    if (message.empty())
      message = "error code " + std::to_string(result);
    throw Error(CNN_ERROR_KERNEL, "the kernel of " + what + " failed: " + message);
  }
}

void checkBatchFits(int64_t batch, int64_t sampleSize, const std::string &what) {
  if (sampleSize > std::numeric_limits<int32_t>::max() / batch)
    throw Error(CNN_ERROR_ARGUMENT,
                "batch size " + std::to_string(batch) + " is too large for " + what);
}

} // namespace cnnrt
