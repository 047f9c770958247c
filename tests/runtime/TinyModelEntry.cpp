// cnnc_generated_model() for the tiny Sequential test model.
#include "TestModels.h"

extern "C" const cnn_model_desc *cnnc_generated_model(void) { return &tinyModel(); }
