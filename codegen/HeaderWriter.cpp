// The C header cnnc writes beside a model library: the model's entry point and its shapes.
#include "ModelTable.h"
#include "cnnc/codegen/Library.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/Params.h"
#include "cnnc/ir/Shapes.h"

#include "llvm/Support/Format.h"

using namespace mlir;

namespace cnnc {

static int64_t featuresPerSample(Operation *op) {
  int64_t size = 1;
  for (int64_t dim : op->getResult(0).getType().cast<ShapedType>().getShape().drop_front())
    size *= dim;
  return size;
}

/// "#define <prefix><i>_SIZE <floats per sample>" for each of `layers`.
static void sizeMacros(llvm::raw_ostream &os, const std::string &prefix, const char *role,
                       const ModelTable &table, const std::vector<int> &layers) {
  for (size_t i = 0; i < layers.size(); ++i) {
    Operation *op = table.layers[layers[i]];
    os << "#define " << prefix << i << "_SIZE " << featuresPerSample(op)
       << " /* floats per sample of " << role << " '" << cnn::layerName(op) << "' */\n";
  }
}

std::string generateHeader(ModuleOp module, const std::string &sourceName, bool embeddedWeights) {
  ModelTable table = readModelTable(module);
  std::string macro = llvm::StringRef(table.name).upper();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* " << table.name << ".h: model '" << table.name << "', compiled by cnnc from "
     << sourceName << ". */\n"
     << "#ifndef CNNC_MODEL_" << macro << "_H\n#define CNNC_MODEL_" << macro << "_H\n\n"
     << "#include <cnn/cnn.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "/* The compiled model, for cnn_create(); its parameters start "
     << (embeddedWeights ? "as the weights compiled in" : "at zero (load or initialise them)")
     << ". */\nconst cnn_model_desc *" << entryPointName(table.name) << "(void);\n\n"
     << "#ifdef __cplusplus\n}\n#endif\n\n/* Layers of '" << table.name
     << "' in the order cnn_layer_info_at() lists them:\n";
  for (size_t i = 0; i < table.layers.size(); ++i) {
    Operation *op = table.layers[i];
    os << " * " << llvm::right_justify(std::to_string(i), 3) << "  "
       << llvm::left_justify((cnn::layerName(op) + " (" + cnn::kerasClassName(op) + ")").str(), 32)
       << " " << llvm::left_justify(cnn::kerasShape(op->getResult(0).getType()), 22) << " "
       << cnn::countParams(op) << " params\n";
  }
  os << " */\n\n#define " << macro << "_EMBEDDED_WEIGHTS " << (embeddedWeights ? 1 : 0) << "\n"
     << "#define " << macro << "_NUM_INPUTS " << table.inputs.size() << "\n";
  sizeMacros(os, macro + "_INPUT_", "input", table, table.inputs);
  os << "#define " << macro << "_NUM_OUTPUTS " << table.outputs.size() << "\n";
  sizeMacros(os, macro + "_OUTPUT_", "output", table, table.outputs);
  os << "\n#endif /* CNNC_MODEL_" << macro << "_H */\n";
  return os.str();
}

} // namespace cnnc
