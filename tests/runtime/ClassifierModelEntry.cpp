// cnnc_generated_model() for the classifier test model (softmax probabilities of 2x2 images).
#include "TestModels.h"

extern "C" const cnn_model_desc *cnnc_generated_model(void) { return &classifierModel(); }
