// cnnc_generated_model() for the two-input functional test model.
#include "TestModels.h"

extern "C" const cnn_model_desc *cnnc_generated_model(void) { return &twoViewsModel(); }
