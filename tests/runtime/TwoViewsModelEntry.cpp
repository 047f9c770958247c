// The loadable entry point (cnn_open) of the two-input functional test model.
#include "TestModels.h"

extern "C" const cnn_model_desc *cnnc_loadable_model(void) { return &twoViewsModel(); }
