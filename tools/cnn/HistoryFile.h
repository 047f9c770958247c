// Reading a cnn train --history CSV for cnn plot-history, with limits that refuse what no real
// history holds.
#ifndef CNN_TOOL_HISTORY_FILE_H
#define CNN_TOOL_HISTORY_FILE_H

#include <string>
#include <vector>

namespace cnn {

// The columns of the CSV: epoch, each metric, val_ and each metric, seconds.
struct History {
  std::vector<std::string> names; // "loss", "accuracy", ...
  std::vector<double> epoch;
  std::vector<std::vector<double>> train, val; // per metric, per epoch
};

// The history in the CSV at `path`; throws UserError naming the file and line of what is wrong.
History readHistory(const std::string &path);

} // namespace cnn

#endif // CNN_TOOL_HISTORY_FILE_H
