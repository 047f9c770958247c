// A position in a model source file; every token and AST node carries one.
#ifndef CNNC_FRONTEND_LOCATION_H
#define CNNC_FRONTEND_LOCATION_H

#include <memory>
#include <string>

namespace cnnc {

struct Location {
  std::shared_ptr<std::string> file;
  unsigned line = 0; // 1-based
  unsigned col = 0;  // 1-based
};

} // namespace cnnc

#endif // CNNC_FRONTEND_LOCATION_H
