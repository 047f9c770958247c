// Fuzz target: a history CSV, read as cnn plot-history reads it and as cnn train --resume does.
#include "FuzzFile.h"

#include "Errors.h"
#include "History.h"
#include "HistoryFile.h"
#include "UserError.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    cnn::readHistory(cnnc::fuzz::writeInput(data, size, "csv"));
  } catch (const cnn::UserError &) {
  }
  try {
    cnnrt::parseHistoryCsv(std::string(reinterpret_cast<const char *>(data), size),
                           {"loss", "accuracy"}, "fuzz.csv");
  } catch (const cnnrt::Error &) {
  }
  return 0;
}
