// The model file's compile() and fit() as the model function's attributes.
#include "ModelSettings.h"

#include "cnnc/ir/TrainingSettings.h"

#include "llvm/Support/Path.h"

using namespace mlir;

namespace cnnc {
namespace {

// "book.py:14", or "book.py:14 (Keras's default)" for a value the call there did not write.
std::string source(const Location &at, bool written) {
  std::string text =
      llvm::sys::path::filename(at.file ? *at.file : "").str() + ":" + std::to_string(at.line);
  return written ? text : text + " (Keras's default)";
}

} // namespace

DictionaryAttr compileAttrOf(Builder &builder, const CompileConfig &compile) {
  cnn::TrainingSettings settings;
  settings.optimizer = compile.optimizer;
  settings.learningRate = compile.learningRate;
  settings.beta1 = compile.beta1;
  settings.beta2 = compile.beta2;
  settings.epsilon = compile.epsilon;
  settings.momentum = compile.momentum;
  settings.rho = compile.rho;
  settings.nesterov = compile.nesterov;
  for (const OutputLoss &output : compile.outputs)
    settings.outputs.push_back({output.loss, output.weight, output.metrics});
  return cnn::buildCompileAttr(builder, settings);
}

DictionaryAttr fitAttrOf(Builder &builder, const FitConfig &fit) {
  SmallVector<NamedAttribute, 20> entries;
  auto add = [&](StringRef key, Attribute value, const auto &setting) {
    if (!setting.at)
      return;
    entries.push_back(builder.getNamedAttr(key, value));
    entries.push_back(builder.getNamedAttr(
        (key + "_from").str(), builder.getStringAttr(source(*setting.at, setting.written))));
  };
  add("epochs", builder.getI64IntegerAttr(fit.epochs.value), fit.epochs);
  add("batch_size", builder.getI64IntegerAttr(fit.batchSize.value), fit.batchSize);
  add("validation_split", builder.getF64FloatAttr(fit.validationSplit.value), fit.validationSplit);
  add("shuffle", builder.getBoolAttr(fit.shuffle.value), fit.shuffle);
  add("patience", builder.getI64IntegerAttr(fit.patience.value), fit.patience);
  add("restore_best_weights", builder.getBoolAttr(fit.restoreBestWeights.value),
      fit.restoreBestWeights);
  add("checkpoint", builder.getStringAttr(fit.checkpoint.value), fit.checkpoint);
  add("history", builder.getStringAttr(fit.history.value), fit.history);
  if (fit.validationData)
    entries.push_back(builder.getNamedAttr(
        "validation_data_from", builder.getStringAttr(source(*fit.validationData, true))));
  return builder.getDictionaryAttr(entries);
}

} // namespace cnnc
