// What a layer's name may hold: it becomes a C string in the generated header and JSON in weights.
#include "cnnc/frontend/Model.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace cnnc {

std::string layerNameProblem(const std::string &name) {
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(name.data());
  if (!llvm::isLegalUTF8String(&begin, begin + name.size()))
    return "is not valid UTF-8";
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      std::string problem;
      llvm::raw_string_ostream(problem)
          << "holds a control character ("
          << llvm::format("U+%04X", static_cast<unsigned>(static_cast<unsigned char>(c))) << ")";
      return problem;
    }
  return "";
}

} // namespace cnnc
