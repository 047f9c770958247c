// The history CSV reader of cnn plot-history: header, one row of numbers per epoch.
#include "HistoryFile.h"
#include "UserError.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cnn {
namespace {

std::vector<std::string> splitFields(const std::string &line) {
  std::vector<std::string> fields;
  std::stringstream row(line);
  for (std::string field; std::getline(row, field, ',');)
    fields.push_back(field);
  return fields;
}

// The metric names of a header "epoch,loss,accuracy,val_loss,val_accuracy,seconds".
std::vector<std::string> metricColumns(const std::string &header, const std::string &path) {
  const std::vector<std::string> fields = splitFields(header);
  const size_t metrics = fields.size() >= 4 ? (fields.size() - 2) / 2 : 0;
  bool valid = metrics > 0 && fields.size() == 2 * metrics + 2 && fields.front() == "epoch" &&
               fields.back() == "seconds" && fields[1] == "loss";
  for (size_t m = 0; valid && m < metrics; ++m)
    valid = fields[1 + metrics + m] == "val_" + fields[1 + m];
  if (!valid)
    throw UserError(path +
                    ":1: expected a header of cnn train --history, epoch,loss,...,"
                    "val_loss,...,seconds (as epoch,loss,accuracy,val_loss,val_accuracy,"
                    "seconds); got '" +
                    header + "'");
  return {fields.begin() + 1, fields.begin() + 1 + static_cast<long>(metrics)};
}

// One CSV field as a number ("nan", subnormals and overflows to inf included); throws UserError
// naming the line otherwise.
double parseField(const std::string &field, const std::string &path, int line) {
  char *end = nullptr;
  const double value = std::strtod(field.c_str(), &end);
  if (!field.empty() && end == field.c_str() + field.size())
    return value;
  throw UserError(path + ":" + std::to_string(line) + ": '" + field.substr(0, 40) +
                  (field.size() > 40 ? "...'" : "'") + " is not a number");
}

// What a history may hold, checked as it is read: a real one is far smaller, and a file such as
// /dev/zero is refused before it fills the memory.
constexpr size_t kMaxLineLength = 65536;
constexpr size_t kMaxEpochs = 10000;

// The next line without its end ("\n" or "\r\n"); false at the end of the file.
bool readLine(std::istream &in, std::string &text, const std::string &path, int line) {
  text.clear();
  for (int c = in.get(); c != EOF && c != '\n'; c = in.get()) {
    if (text.size() == kMaxLineLength)
      throw UserError(path + ":" + std::to_string(line) + ": the line is longer than " +
                      std::to_string(kMaxLineLength) + " characters: not a history");
    text += static_cast<char>(c);
  }
  if (!text.empty() && text.back() == '\r')
    text.pop_back();
  return !text.empty() || !in.eof();
}

} // namespace

History readHistory(const std::string &path) {
  std::ifstream in(path);
  if (!in)
    throw UserError("cannot read " + path);
  std::string text;
  if (!readLine(in, text, path, 1))
    throw UserError(path + " is empty");
  History history;
  history.names = metricColumns(text, path);
  const size_t metrics = history.names.size(), columns = 2 * metrics + 2;
  history.train.resize(metrics);
  history.val.resize(metrics);
  for (int line = 2; readLine(in, text, path, line); ++line) {
    if (text.empty())
      continue;
    if (history.epoch.size() == kMaxEpochs)
      throw UserError(path + ":" + std::to_string(line) + ": more than " +
                      std::to_string(kMaxEpochs) + " epochs; cnn plot-history draws at most " +
                      std::to_string(kMaxEpochs));
    const auto commas = static_cast<size_t>(std::count(text.begin(), text.end(), ','));
    if (commas + 1 != columns)
      throw UserError(path + ":" + std::to_string(line) + ": expected " + std::to_string(columns) +
                      " fields, got " + std::to_string(commas + 1));
    std::vector<double> fields;
    for (const std::string &field : splitFields(text))
      fields.push_back(parseField(field, path, line));
    history.epoch.push_back(fields[0]);
    for (size_t m = 0; m < metrics; ++m) {
      history.train[m].push_back(fields[1 + m]);
      history.val[m].push_back(fields[1 + metrics + m]);
    }
  }
  if (history.epoch.empty())
    throw UserError(path + " holds no epochs");
  return history;
}

} // namespace cnn
