// Writing and reading the history CSV.
#include "History.h"

#include "AtomicFile.h"
#include "Errors.h"

#include <cstdio>
#include <sstream>

namespace cnnrt {
namespace {

const char kHeader[] = "epoch,loss,accuracy,val_loss,val_accuracy,seconds";

} // namespace

std::string historyCsv(const std::vector<EpochRow> &rows) {
  std::string text = std::string(kHeader) + "\n";
  for (const EpochRow &row : rows) {
    char line[256];
    std::snprintf(line, sizeof line, "%d,%.6f,%.6f,%.6f,%.6f,%.6f\n", row.epoch, row.loss,
                  row.accuracy, row.val_loss, row.val_accuracy, row.seconds);
    text += line;
  }
  return text;
}

std::vector<EpochRow> parseHistoryCsv(const std::string &text, const std::string &source) {
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line) || line != kHeader)
    throw Error(CNN_ERROR_FORMAT, source + ": the history does not begin with " + kHeader);
  std::vector<EpochRow> rows;
  while (std::getline(lines, line)) {
    EpochRow row;
    int consumed = 0;
    if (std::sscanf(line.c_str(), "%d,%lf,%lf,%lf,%lf,%lf%n", &row.epoch, &row.loss, &row.accuracy,
                    &row.val_loss, &row.val_accuracy, &row.seconds, &consumed) != 6 ||
        static_cast<size_t>(consumed) != line.size())
      throw Error(CNN_ERROR_FORMAT, source + ": malformed history row '" + line + "'");
    rows.push_back(row);
  }
  return rows;
}

void writeHistory(const std::string &path, const std::vector<EpochRow> &rows) {
  const std::string text = historyCsv(rows);
  writeFileAtomically(path, {{text.data(), text.size()}}, "history file");
}

} // namespace cnnrt
