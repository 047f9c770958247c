// Per-kernel call counts, wall time and floating-point work, kept while profiling is on.
#ifndef CNNRT_PROFILE_H
#define CNNRT_PROFILE_H

#include "cnn/model_desc.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnrt {

struct ProfileEntry {
  std::string name; // a fused kernel's: its layers' names joined by '+'
  const char *phase;
  double flopsPerSample;
  int64_t calls = 0;
  double seconds = 0.0;
  double flops = 0.0;
};

// One entry per kernel of the model: its layers' kernels (phase "inference"), then the kernels
// of its training program. The descriptor must be checked already.
class Profile {
public:
  Profile() = default;
  explicit Profile(const cnn_model_desc &desc);

  // Turning profiling on zeroes the counters; turning it off keeps them.
  void setEnabled(bool enabled);
  // The entry of layer `layer`'s kernel, or of training step `step`; null while profiling is off,
  // so that an unprofiled call costs one branch.
  ProfileEntry *layerEntry(int layer) { return enabled_ ? &entries_[layerEntry_[layer]] : nullptr; }
  ProfileEntry *stepEntry(int step) { return enabled_ ? &entries_[stepEntry_[step]] : nullptr; }

  const std::vector<ProfileEntry> &entries() const { return entries_; }

private:
  bool enabled_ = false;
  std::vector<ProfileEntry> entries_;
  std::vector<int> layerEntry_, stepEntry_; // -1 for views, which run no kernel
};

// Calls `kernel` and adds the call, its wall time and `batch` samples' work to `entry`.
int timedCall(ProfileEntry &entry, cnn_kernel_fn kernel, void **argv, int64_t batch);

} // namespace cnnrt

#endif // CNNRT_PROFILE_H
