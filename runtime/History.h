// The training history: one row per epoch, as the CSV file Keras's CSVLogger writes.
#ifndef CNNRT_HISTORY_H
#define CNNRT_HISTORY_H

#include <string>
#include <vector>

namespace cnnrt {

struct EpochRow {
  int epoch;                      // 1-based
  std::vector<double> metrics;    // one per MetricTable name
  std::vector<double> valMetrics; // the same on the validation data; NaN without it
  double seconds;
};

// "epoch,loss,accuracy,val_loss,val_accuracy,seconds" for the metrics `names` ("loss",
// "accuracy"), and one line per row.
std::string historyCsv(const std::vector<std::string> &names, const std::vector<EpochRow> &rows);
// The rows of historyCsv's text for `names`; CNN_ERROR_FORMAT naming `source` when it is not
// such text.
std::vector<EpochRow> parseHistoryCsv(const std::string &text,
                                      const std::vector<std::string> &names,
                                      const std::string &source);
// Rewrites `path` with every row so far, atomically, so an interrupted run leaves a whole file.
void writeHistory(const std::string &path, const std::vector<std::string> &names,
                  const std::vector<EpochRow> &rows);

} // namespace cnnrt

#endif // CNNRT_HISTORY_H
