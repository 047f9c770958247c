// Building the test models' descriptors from short lists.
#ifndef CNN_TESTS_RUNTIME_DESCRIPTOR_BUILDERS_H
#define CNN_TESTS_RUNTIME_DESCRIPTOR_BUILDERS_H

#include "cnn/model_desc.h"

#include <vector>

cnn_param_desc param(const char *name, const std::vector<int64_t> &shape, int64_t fanIn,
                     int64_t fanOut);

cnn_layer_desc layer(const char *name, const char *type, const std::vector<int> &inputs,
                     const std::vector<int64_t> &shape,
                     const std::vector<cnn_param_desc> &params = {},
                     cnn_kernel_fn kernel = nullptr);

// Keeps the arrays a cnn_model_desc points into.
struct ModelStorage {
  ModelStorage(const char *name, int functional, std::vector<cnn_layer_desc> layerList,
               std::vector<int> inputList, std::vector<int> outputList,
               const cnn_train_desc *train = nullptr);
  std::vector<cnn_layer_desc> layers;
  std::vector<int> inputs, outputs;
  cnn_model_desc desc;
};

#endif // CNN_TESTS_RUNTIME_DESCRIPTOR_BUILDERS_H
