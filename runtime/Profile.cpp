// Kernel profiling: a steady clock around each kernel call, only while profiling is on.
#include "Profile.h"

#include <chrono>

namespace cnnrt {
namespace {

const char *const kPhaseNames[] = {"forward", "backward", "update"};

} // namespace

Profile::Profile(const cnn_model_desc &desc) {
  layerEntry_.assign(desc.num_layers, -1);
  for (int l = 0; l < desc.num_layers; ++l) {
    const cnn_layer_desc &layer = desc.layers[l];
    if (!layer.kernel)
      continue;
    std::string name = layer.name;
    if (layer.fused_kernel) {
      name.clear();
      for (int chain = layer.fused_from; chain <= l; ++chain)
        name += (name.empty() ? "" : "+") + std::string(desc.layers[chain].name);
    }
    layerEntry_[l] = static_cast<int>(entries_.size());
    entries_.push_back({name, "inference", layer.flops});
  }
  if (!desc.train)
    return;
  stepEntry_.assign(desc.train->num_steps, -1);
  for (int s = 0; s < desc.train->num_steps; ++s) {
    const cnn_step_desc &step = desc.train->steps[s];
    if (!step.kernel)
      continue;
    stepEntry_[s] = static_cast<int>(entries_.size());
    entries_.push_back({step.name, kPhaseNames[step.phase], step.flops});
  }
}

void Profile::setEnabled(bool enabled) {
  if (enabled)
    for (ProfileEntry &entry : entries_) {
      entry.calls = 0;
      entry.seconds = 0.0;
      entry.flops = 0.0;
    }
  enabled_ = enabled;
}

int timedCall(ProfileEntry &entry, cnn_kernel_fn kernel, void **argv, int64_t batch) {
  const auto start = std::chrono::steady_clock::now();
  const int result = kernel(argv);
  entry.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  entry.calls += 1;
  entry.flops += entry.flopsPerSample * static_cast<double>(batch);
  return result;
}

} // namespace cnnrt
