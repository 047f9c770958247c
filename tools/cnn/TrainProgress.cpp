// Keras's Progbar (verbose=1) and its one-line-per-epoch form (verbose=2), and ModelCheckpoint's
// verbose messages, fed by cnn_fit's callbacks.
#include "TrainProgress.h"

#include "ModelLibrary.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <limits>

namespace cnn {
namespace {

std::string format(const char *pattern, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *pattern, ...) {
  char text[256];
  va_list arguments;
  va_start(arguments, pattern);
  std::vsnprintf(text, sizeof text, pattern, arguments);
  va_end(arguments);
  return text;
}

// "  523/1500 [=========>....................]": the count, then 30 characters of bar.
std::string bar(int64_t step, int64_t steps) {
  const int width = 30, done = static_cast<int>(width * step / steps);
  std::string line = format("%*lld/%lld [", static_cast<int>(std::to_string(steps).size()),
                            static_cast<long long>(step), static_cast<long long>(steps));
  if (done > 0)
    line += std::string(static_cast<size_t>(done - 1), '=') + (step < steps ? '>' : '=');
  return line + std::string(static_cast<size_t>(width - done), '.') + "]";
}

// Keras's ETA: "5s", "1:05" or "1:01:05".
std::string eta(double seconds) {
  const int s = static_cast<int>(seconds);
  if (s > 3600)
    return format("%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
  if (s > 60)
    return format("%d:%02d", s / 60, s % 60);
  return format("%ds", s);
}

std::string perStep(double seconds) {
  if (seconds >= 1)
    return format("%.0fs/step", seconds);
  if (seconds >= 1e-3)
    return format("%.0fms/step", seconds * 1e3);
  return format("%.0fus/step", seconds * 1e6);
}

} // namespace

TrainProgress::TrainProgress(std::ostream &out, bool bar, int epochs,
                             std::vector<std::string> metricNames, const std::string &checkpoint,
                             bool resuming)
    : out_(out), bar_(bar), epochs_(epochs), names_(std::move(metricNames)),
      checkpoint_(checkpoint), best_(resuming ? std::numeric_limits<double>::quiet_NaN()
                                              : std::numeric_limits<double>::infinity()) {}

void TrainProgress::attach(cnn_fit_options &options) {
  options.on_batch = &TrainProgress::onBatch;
  options.on_epoch = &TrainProgress::onEpoch;
  options.user = this;
}

void TrainProgress::onBatch(void *self, const cnn_batch_log *log) {
  static_cast<TrainProgress *>(self)->batch(*log);
}

void TrainProgress::onEpoch(void *self, const cnn_epoch_log *log) {
  static_cast<TrainProgress *>(self)->epoch(*log);
}

void TrainProgress::interrupt() {
  if (drawnWidth_ > 0)
    out_ << "\n" << std::flush;
  drawnWidth_ = 0;
}

void TrainProgress::batch(const cnn_batch_log &log) {
  steps_ = log.steps;
  if (log.epoch != epoch_) {
    epoch_ = log.epoch;
    lastDraw_ = -1.0;
    if (bar_)
      out_ << "Epoch " << log.epoch << "/" << epochs_ << "\n";
  }
  // At most ten redraws a second, and always the last batch's.
  if (!bar_ || (log.seconds - lastDraw_ < 0.1 && log.step < log.steps))
    return;
  lastDraw_ = log.seconds;
  const double remaining =
      log.seconds / static_cast<double>(log.step) * static_cast<double>(log.steps - log.step);
  draw(bar(log.step, log.steps) + " - ETA: " + eta(remaining) + metrics(log.metrics, ""));
}

std::string TrainProgress::metrics(const double *values, const char *prefix) const {
  std::string text;
  for (size_t m = 0; values && m < names_.size(); ++m)
    text += " - " + formatMetric(prefix + names_[m], values[m]);
  return text;
}

void TrainProgress::epoch(const cnn_epoch_log &log) {
  const std::string values = metrics(log.metrics, "") + metrics(log.val_metrics, "val_");
  if (bar_) {
    draw(bar(steps_, steps_) + format(" - %.0fs ", log.seconds) +
         perStep(log.seconds / static_cast<double>(steps_)) + values);
    interrupt();
  } else {
    out_ << format("Epoch %d/%d - %lld/%lld - %.0fs", log.epoch, epochs_,
                   static_cast<long long>(steps_), static_cast<long long>(steps_), log.seconds)
         << values << "\n";
  }
  checkpointMessage(log);
  out_ << std::flush;
}

void TrainProgress::checkpointMessage(const cnn_epoch_log &log) {
  if (checkpoint_.empty() || std::isnan(log.val_loss))
    return;
  const std::string from = std::isnan(best_) ? "" : format(" from %.5f", best_);
  if (log.improved) {
    out_ << format("Epoch %d: val_loss improved%s to %.5f, saving model to ", log.epoch,
                   from.c_str(), log.val_loss)
         << checkpoint_ << "\n";
    best_ = log.val_loss;
  } else {
    out_ << format("Epoch %d: val_loss did not improve%s\n", log.epoch, from.c_str());
  }
}

void TrainProgress::draw(const std::string &line) {
  out_ << "\r" << line;
  if (line.size() < drawnWidth_)
    out_ << std::string(drawnWidth_ - line.size(), ' ');
  out_ << std::flush;
  drawnWidth_ = line.size();
}

} // namespace cnn
