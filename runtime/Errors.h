// The runtime's errors: a status-carrying exception, the last message, Halide error capture.
#ifndef CNNRT_ERRORS_H
#define CNNRT_ERRORS_H

#include "cnn/cnn.h"

#include <stdexcept>
#include <string>

namespace cnnrt {

// Thrown inside the runtime; CApi.cpp turns it into a status and cnn_last_error()'s message.
class Error : public std::runtime_error {
public:
  Error(cnn_status status, const std::string &message)
      : std::runtime_error(message), status_(status) {}
  cnn_status status() const { return status_; }

private:
  cnn_status status_;
};

// A number for a message, as printf's %g writes it ("0.001", "nan", "inf").
std::string formatNumber(double value);

// Throws CNN_ERROR_ARGUMENT ("<what> must be at least 1, got 0") unless value >= 1.
void checkPositive(int64_t value, const char *what);

void setLastError(const char *message) noexcept;
const char *lastError();

// Routes Halide's runtime errors (halide_error) into a buffer read by takeHalideError().
void installHalideErrorHandler();
// The messages Halide reported since the last call, joined by "; " ("" if none).
std::string takeHalideError();

} // namespace cnnrt

#endif // CNNRT_ERRORS_H
