// UserError: an error of the user's making, which the tools print as one line and exit with 1.
#ifndef CNN_TOOL_USER_ERROR_H
#define CNN_TOOL_USER_ERROR_H

#include <stdexcept>

namespace cnn {

// cnn prints it as "cnn: error: <message>", cnn-tune as "cnn-tune: error: <message>".
class UserError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace cnn

#endif // CNN_TOOL_USER_ERROR_H
