// Reading a Keras file's trained weights for the layers of its Model.
#ifndef CNNC_FRONTEND_LIB_KERASWEIGHTS_H
#define CNNC_FRONTEND_LIB_KERASWEIGHTS_H

#include "KerasFile.h"

#include "cnnc/frontend/KerasImport.h"

#include <vector>

namespace cnnc::keras {

/// The kernel (and bias, with use_bias) of every Conv2D and Dense layer, in layer order; an
/// ImportError when one is missing or not floating point. Shapes are as stored: the driver checks
/// them against the compiled model.
std::vector<WeightTensor> readWeights(const KerasFile &file, const Model &model);

} // namespace cnnc::keras

#endif // CNNC_FRONTEND_LIB_KERASWEIGHTS_H
