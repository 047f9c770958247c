// The memory of a training program's temps: owned, shared with an aliased temp, or a view.
#ifndef CNNRT_TRAIN_BUFFERS_H
#define CNNRT_TRAIN_BUFFERS_H

#include "cnn/model_desc.h"

#include <cstdint>
#include <vector>

namespace cnnrt {

class TrainBuffers {
public:
  // Works out which temps own memory (CNN_ERROR_FORMAT for circular aliases or a temp that two
  // views write). Allocates nothing yet.
  explicit TrainBuffers(const cnn_train_desc &program);

  // Makes room for `batch` samples (keeping the largest capacity so far) and points every temp
  // at its memory for this call's inputs, which views of a model input share.
  void bind(int64_t batch, const float *const *inputs);
  float *temp(int index) const { return memory_[index]; }

private:
  // The temp or input whose memory temp `t` shares, or null if it owns memory.
  const cnn_buffer_ref *source(int t) const;
  float *resolve(int t, const float *const *inputs);

  const cnn_train_desc &program_;
  std::vector<const cnn_buffer_ref *> viewInput_; // per temp: the input of the view writing it
  std::vector<cnn_buffer_ref> aliasOf_;           // per temp: its alias as a reference
  std::vector<std::vector<float>> storage_;       // per temp that owns memory
  std::vector<float *> memory_;
  int64_t capacity_ = 0;
};

} // namespace cnnrt

#endif // CNNRT_TRAIN_BUFFERS_H
