// Which layers feed the model's outputs: Keras keeps only those in a model.
#ifndef CNNC_FRONTEND_LIB_CONNECTIONS_H
#define CNNC_FRONTEND_LIB_CONNECTIONS_H

#include "Diagnostics.h"

#include "cnnc/frontend/Model.h"

namespace cnnc {

/// Leaves out every layer no output depends on, with a warning at each; an Input no output uses
/// stays (the model still takes it) with a warning. When `inputsListed` (keras.Model(inputs=...)),
/// an Input that an output uses but the list lacks is an error. Returns false after an error.
bool keepConnectedLayers(Model &model, bool inputsListed, const Diagnostics &diag);

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_CONNECTIONS_H
