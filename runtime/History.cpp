// Writing and reading the history CSV.
#include "History.h"

#include "AtomicFile.h"
#include "Errors.h"

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace cnnrt {
namespace {

std::string header(const std::vector<std::string> &names) {
  std::string text = "epoch";
  for (const std::string &name : names)
    text += "," + name;
  for (const std::string &name : names)
    text += ",val_" + name;
  return text + ",seconds";
}

std::string field(double value) {
  char text[64];
  std::snprintf(text, sizeof text, ",%.6f", value);
  return text;
}

// The numbers of one row, or an empty vector when the line holds anything else.
std::vector<double> numbers(const std::string &line) {
  std::vector<double> values;
  std::stringstream fields(line);
  for (std::string text; std::getline(fields, text, ',');) {
    char *end = nullptr;
    values.push_back(std::strtod(text.c_str(), &end));
    if (text.empty() || *end != '\0')
      return {};
  }
  return values;
}

} // namespace

std::string historyCsv(const std::vector<std::string> &names, const std::vector<EpochRow> &rows) {
  std::string text = header(names) + "\n";
  for (const EpochRow &row : rows) {
    text += std::to_string(row.epoch);
    for (double value : row.metrics)
      text += field(value);
    for (double value : row.valMetrics)
      text += field(value);
    text += field(row.seconds) + "\n";
  }
  return text;
}

std::vector<EpochRow> parseHistoryCsv(const std::string &text,
                                      const std::vector<std::string> &names,
                                      const std::string &source) {
  std::istringstream lines(text);
  std::string line;
  const std::string expected = header(names);
  if (!std::getline(lines, line) || line != expected)
    throw Error(CNN_ERROR_FORMAT, source + ": the history does not begin with " + expected);
  const size_t metrics = names.size();
  std::vector<EpochRow> rows;
  while (std::getline(lines, line)) {
    const std::vector<double> values = numbers(line);
    // An epoch is a whole number an int holds (checked before converting: a larger one is UB).
    if (values.size() != 2 * metrics + 2 || !(values[0] >= 0 && values[0] <= INT_MAX) ||
        values[0] != std::floor(values[0]))
      throw Error(CNN_ERROR_FORMAT, source + ": malformed history row '" + line.substr(0, 80) +
                                        (line.size() > 80 ? "...'" : "'"));
    rows.push_back({static_cast<int>(values[0]),
                    {values.begin() + 1, values.begin() + 1 + static_cast<long>(metrics)},
                    {values.begin() + 1 + static_cast<long>(metrics), values.end() - 1},
                    values.back()});
  }
  return rows;
}

void writeHistory(const std::string &path, const std::vector<std::string> &names,
                  const std::vector<EpochRow> &rows) {
  const std::string text = historyCsv(names, rows);
  writeFileAtomically(path, {{text.data(), text.size()}}, "history file");
}

} // namespace cnnrt
