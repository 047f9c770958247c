// Keras's fit(): epochs of shuffled batches, validation, EarlyStopping, ModelCheckpoint, history.
#ifndef CNNRT_FIT_H
#define CNNRT_FIT_H

#include "Model.h"

namespace cnnrt {

// Samples and their targets: one array per model input, as cnn_forward takes them, and
// targets[o] for each model output o.
struct Samples {
  const float *const *inputs;
  const cnn_targets *targets;
  int64_t count;
};

// Trains `model` as cnn_fit describes; `result` follows the epochs as they finish, so it is
// meaningful also when training stops with an error.
void fit(cnn_model &model, const cnn_fit_options &options, const Samples &train,
         const Samples &validation, cnn_fit_result &result);

} // namespace cnnrt

#endif // CNNRT_FIT_H
