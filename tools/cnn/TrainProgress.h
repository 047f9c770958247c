// What cnn train prints while it trains, like Keras's fit(): a live progress bar on a terminal,
// one line per epoch otherwise, and ModelCheckpoint's messages.
#ifndef CNN_TOOL_TRAIN_PROGRESS_H
#define CNN_TOOL_TRAIN_PROGRESS_H

#include "cnn/cnn.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace cnn {

class TrainProgress {
public:
  // `bar`: draw Keras's progress bar (stdout is a terminal). `checkpoint` is empty without one;
  // `resuming` leaves the best val_loss so far unknown until an epoch improves on it.
  TrainProgress(std::ostream &out, bool bar, int epochs, std::vector<std::string> metricNames,
                const std::string &checkpoint, bool resuming);

  // Points the fit options' callbacks at this object.
  void attach(cnn_fit_options &options);
  // Ends a bar line that is being drawn, so that an error starts on a line of its own.
  void interrupt();

private:
  static void onBatch(void *self, const cnn_batch_log *log);
  static void onEpoch(void *self, const cnn_epoch_log *log);
  void batch(const cnn_batch_log &log);
  void epoch(const cnn_epoch_log &log);
  void checkpointMessage(const cnn_epoch_log &log);
  // " - loss: 0.3012 - accuracy: 0.8931", each name with `prefix` ("val_").
  std::string metrics(const double *values, const char *prefix) const;
  // Replaces the bar line being drawn with `line`.
  void draw(const std::string &line);

  std::ostream &out_;
  bool bar_;
  int epochs_;
  std::vector<std::string> names_;
  std::string checkpoint_;
  double best_;           // the lowest val_loss so far; NaN while unknown
  int epoch_ = 0;         // the epoch whose batches are being reported
  int64_t steps_ = 0;     // batches per epoch
  double lastDraw_ = 0.0; // seconds into the epoch of the last redraw
  size_t drawnWidth_ = 0; // characters on the bar line; 0 when none is open
};

} // namespace cnn

#endif // CNN_TOOL_TRAIN_PROGRESS_H
