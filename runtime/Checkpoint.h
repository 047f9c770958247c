// ModelCheckpoint files: weights, optimizer state and training progress in one safetensors file.
#ifndef CNNRT_CHECKPOINT_H
#define CNNRT_CHECKPOINT_H

#include "History.h"
#include "Model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnrt {

// Where training stood at the end of the checkpoint's epoch.
struct TrainingProgress {
  int epoch;
  double bestValLoss;
  uint64_t seed;
  std::vector<EpochRow> history;
};

// Writes the model's parameters under their Keras names (so it loads as plain weights), the
// optimizer's slots as "optimizer.<parameter>.<slot>" and the progress and optimizer settings as
// metadata, atomically.
void saveCheckpoint(const std::string &path, cnn_model &model, const TrainingProgress &progress);

// Restores parameters, optimizer slots and optimizer steps from a checkpoint of this model and
// returns its progress; CNN_ERROR_FORMAT (changing nothing) for a file that is not a checkpoint
// of this model and optimizer.
TrainingProgress loadCheckpoint(const std::string &path, cnn_model &model);

} // namespace cnnrt

#endif // CNNRT_CHECKPOINT_H
