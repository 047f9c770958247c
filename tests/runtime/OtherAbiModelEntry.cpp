// A model library from a cnnc of another ABI: the tiny model with the next CNN_ABI_VERSION.
#include "TestModels.h"

extern "C" const cnn_model_desc *cnnc_loadable_model(void) {
  static const cnn_model_desc other = [] {
    cnn_model_desc desc = tinyModel();
    desc.abi_version = CNN_ABI_VERSION + 1;
    return desc;
  }();
  return &other;
}
