// The training program of a model descriptor (cnn_train_desc): its checks and buffer shapes.
#ifndef CNNRT_TRAIN_PROGRAM_H
#define CNNRT_TRAIN_PROGRAM_H

#include "Model.h"

namespace cnnrt {

// The Keras-order shape of the buffer a reference of any kind but LABELS names; for activations
// shape[0] is -1.
struct RefShape {
  const int64_t *shape;
  int rank;
};
RefShape refShape(const cnn_model &model, const cnn_buffer_ref &ref);

// Checks model.desc().train against the model (CNN_ERROR_FORMAT naming the step or temp), so
// that interpreting it cannot index out of range, and returns it.
const cnn_train_desc &checkTrainProgram(const cnn_model &model);

} // namespace cnnrt

#endif // CNNRT_TRAIN_PROGRAM_H
