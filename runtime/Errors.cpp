// The per-thread last error message and the Halide error handler.
#include "Errors.h"

#include <HalideRuntime.h>

#include <cmath>
#include <cstdio>
#include <mutex>
#include <new>

namespace cnnrt {
namespace {

thread_local std::string lastErrorMessage;

// Halide may report an error from one of its worker threads rather than from the thread that
// called the kernel, so the messages go to one shared, locked buffer instead of a thread_local.
std::mutex halideErrorMutex;
std::string halideErrorMessage;

void recordHalideError(void *, const char *message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  std::lock_guard<std::mutex> lock(halideErrorMutex);
  if (!halideErrorMessage.empty())
    halideErrorMessage += "; ";
  halideErrorMessage += text;
}

} // namespace

std::string formatNumber(double value) {
  if (std::isnan(value))
    return "nan"; // printf's "-nan" tells a reader nothing more
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

void checkPositive(int64_t value, const char *what) {
  if (value < 1)
    throw Error(CNN_ERROR_ARGUMENT,
                std::string(what) + " must be at least 1, got " + std::to_string(value));
}

void setLastError(const char *message) noexcept {
  try {
    lastErrorMessage = message;
  } catch (const std::bad_alloc &) {
    lastErrorMessage.clear();
  }
}

const char *lastError() { return lastErrorMessage.c_str(); }

void installHalideErrorHandler() {
  static std::once_flag once;
  std::call_once(once, [] { halide_set_error_handler(recordHalideError); });
}

std::string takeHalideError() {
  std::lock_guard<std::mutex> lock(halideErrorMutex);
  std::string message;
  message.swap(halideErrorMessage);
  return message;
}

} // namespace cnnrt
