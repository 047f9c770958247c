// Pruning the layers that no output depends on, as keras.Model does, and saying so.
#include "Connections.h"

#include "llvm/ADT/STLExtras.h"

namespace cnnc {

bool keepConnectedLayers(Model &model, bool inputsListed, const Diagnostics &diag) {
  const size_t count = model.layers.size();
  std::vector<bool> used(count, false);
  std::vector<int> pending(model.outputs.begin(), model.outputs.end());
  while (!pending.empty()) {
    int layer = pending.back();
    pending.pop_back();
    if (used[layer])
      continue;
    used[layer] = true;
    for (int input : model.layers[layer].inputs)
      pending.push_back(input);
  }
  for (size_t i = 0; i < count; ++i) {
    const Layer &layer = model.layers[i];
    bool listed = llvm::is_contained(model.inputs, (int)i);
    if (layer.kind == LayerKind::Input && used[i] && inputsListed && !listed) {
      diag.error(layer.loc, "input '" + layer.name +
                                "' feeds the outputs but is not among keras.Model's inputs");
      return false;
    }
    if (layer.kind == LayerKind::Input && listed) {
      if (!used[i])
        diag.warning(layer.loc, "input '" + layer.name + "' is not used by any output");
      used[i] = true;
    } else if (!used[i]) {
      diag.warning(layer.loc, "layer '" + layer.name + "' (" + layerKindName(layer.kind) +
                                  ") is connected to no output; it is left out of the model");
    }
  }
  // Renumber the layers that stay.
  std::vector<int> newIndex(count, -1);
  std::vector<Layer> kept;
  for (size_t i = 0; i < count; ++i) {
    if (!used[i])
      continue;
    newIndex[i] = (int)kept.size();
    kept.push_back(std::move(model.layers[i]));
  }
  for (Layer &layer : kept)
    for (int &input : layer.inputs)
      input = newIndex[input];
  auto renumber = [&](std::vector<int> &indices) {
    for (int &index : indices)
      index = newIndex[index];
  };
  renumber(model.inputs);
  renumber(model.outputs);
  model.layers = std::move(kept);
  return true;
}

} // namespace cnnc
