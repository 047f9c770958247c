// Kernel signatures and keys: the identity of a kernel across models and compilations.
#include "cnnc/ir/KernelKey.h"
#include "cnnc/ir/CnnDialect.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace cnnc {
namespace {

void printSignature(Operation *op, llvm::raw_ostream &os) {
  static const StringRef unkeyed[] = {"name",          "layer",        "param",
                                      "learning_rate", "cnn.schedule", "cnn.training_schedule"};
  os << (isa<cnn::DropoutGradOp>(op) ? cnn::DropoutOp::getOperationName()
                                     : op->getName().getStringRef());
  for (NamedAttribute attr : op->getAttrs())
    if (!llvm::is_contained(unkeyed, attr.getName().strref()))
      os << " " << attr.getName().strref() << "=" << attr.getValue();
  if (!cnn::isOptimizerUpdate(op)) {
    for (Type type : op->getOperandTypes())
      os << " " << type;
    for (Type type : op->getResultTypes())
      os << " -> " << type;
  }
  for (Region &region : op->getRegions())
    for (Operation &inner : region.getOps()) {
      os << " {";
      printSignature(&inner, os);
      os << "}";
    }
}

} // namespace

llvm::StringRef roleName(KernelRole role) {
  return role == KernelRole::Inference ? "inference" : "training";
}

std::string kernelSignature(Operation *op, KernelRole role) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << roleName(role) << " ";
  printSignature(op, os);
  return os.str();
}

std::string kernelKey(Operation *op, KernelRole role) {
  std::array<uint8_t, 32> digest =
      llvm::SHA256::hash(llvm::arrayRefFromStringRef(kernelSignature(op, role)));
  return llvm::toHex(llvm::makeArrayRef(digest).take_front(8), /*LowerCase=*/true);
}

} // namespace cnnc
