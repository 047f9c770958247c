// The loadable entry point (cnn_open) of the classifier test model (softmax of 2x2 images).
#include "TestModels.h"

extern "C" const cnn_model_desc *cnnc_loadable_model(void) { return &classifierModel(); }
