// What a kernel computes, as text and as a short hash: the key schedules are recorded under.
#ifndef CNNC_IR_KERNELKEY_H
#define CNNC_IR_KERNELKEY_H

#include "cnnc/ir/Schedule.h"

#include <string>

namespace cnnc {

/// What the kernel of `op` in `role`'s program computes: the op (a Dropout's gradient draws the
/// Dropout's mask, so it counts as the Dropout), its attributes but names, schedules and the
/// learning rate (a kernel's scalar), its types unless its buffers are flat (an update's), the
/// role, and a fused op's body the same way. Ops with equal signatures compile to one kernel.
std::string kernelSignature(mlir::Operation *op, KernelRole role);

/// 16 hex digits of the SHA-256 of kernelSignature: the kernel's key in a schedule log.
std::string kernelKey(mlir::Operation *op, KernelRole role);

/// "inference" or "training".
llvm::StringRef roleName(KernelRole role);

} // namespace cnnc

#endif // CNNC_IR_KERNELKEY_H
