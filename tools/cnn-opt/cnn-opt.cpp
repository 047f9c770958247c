// cnn-opt: mlir-opt for the cnn dialect, with every cnnc pass registered by name.
#include "cnnc/codegen/TargetModel.h"
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/DebugOutput.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/Dialect.h"
#include "mlir/Support/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<cnnc::cnn::CnnDialect>();
  cnnc::registerCnnPasses(cnnc::describeTarget);
  cnnc::registerDebugOutputOption();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "cnn-opt: runs cnnc's passes over cnn dialect IR, as mlir-opt does\n\n"
      "  cnn-opt model.mlir --cnn-fuse-conv-relu-pool\n"
      "  cnn-opt model.mlir '--pass-pipeline=cnn-choose-tiling{target=x86-64-linux-avx2 "
      "threads=2}'\n"
      "  cnn-opt model.mlir --cnn-choose-tiling -debug-only=cnn-choose-tiling\n",
      registry));
}
