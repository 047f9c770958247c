// The model function's `cnn.compile` attribute: its training settings, built and read.
#include "cnnc/ir/TrainingSettings.h"
#include "cnnc/ir/CnnDialect.h"

using namespace mlir;

namespace cnnc::cnn {
namespace {

/// `loss`: one string when every output has the same loss, else one per output ("" for none).
Attribute lossAttr(Builder &builder, const std::vector<OutputTraining> &outputs) {
  bool same = llvm::all_of(outputs, [&](const OutputTraining &output) {
    return !output.loss.empty() && output.loss == outputs.front().loss;
  });
  if (same && !outputs.empty())
    return builder.getStringAttr(outputs.front().loss);
  SmallVector<Attribute> losses;
  for (const OutputTraining &output : outputs)
    losses.push_back(builder.getStringAttr(output.loss));
  return builder.getArrayAttr(losses);
}

/// The extra per-output entries: `loss_weights` unless all are 1, `metrics` when any output
/// asks for more than accuracy, which every cross-entropy output reports.
void addPerOutputEntries(Builder &builder, const std::vector<OutputTraining> &outputs,
                         SmallVectorImpl<NamedAttribute> &entries) {
  if (llvm::any_of(outputs, [](const OutputTraining &output) { return output.weight != 1.0; })) {
    SmallVector<Attribute> weights;
    for (const OutputTraining &output : outputs)
      weights.push_back(builder.getF64FloatAttr(output.weight));
    entries.push_back(builder.getNamedAttr("loss_weights", builder.getArrayAttr(weights)));
  }
  if (llvm::any_of(outputs, [](const OutputTraining &output) {
        return llvm::any_of(output.metrics, [](const std::string &m) { return m != "accuracy"; });
      })) {
    SmallVector<Attribute> metrics;
    for (const OutputTraining &output : outputs)
      metrics.push_back(builder.getStrArrayAttr(
          SmallVector<StringRef>(output.metrics.begin(), output.metrics.end())));
    entries.push_back(builder.getNamedAttr("metrics", builder.getArrayAttr(metrics)));
  }
}

/// Calls `read(output, entry)` for each entry of the list `key` holds, one per model output;
/// false when the list is malformed or `read` is. Absent, it reads nothing.
template <typename Read>
bool readPerOutput(DictionaryAttr dictionary, StringRef key, std::vector<OutputTraining> &outputs,
                   Read read) {
  Attribute value = dictionary.get(key);
  if (!value)
    return true;
  auto list = value.dyn_cast<ArrayAttr>();
  if (!list || list.size() != outputs.size())
    return false;
  for (size_t o = 0; o < outputs.size(); ++o)
    if (!read(outputs[o], list[o]))
      return false;
  return true;
}

/// Reads `loss`, `loss_weights` and `metrics` into one OutputTraining per model output; false for a
/// malformed entry.
bool readOutputs(DictionaryAttr dictionary, size_t numOutputs,
                 std::vector<OutputTraining> &outputs) {
  outputs.assign(numOutputs, OutputTraining());
  Attribute loss = dictionary.get("loss");
  if (!loss)
    return false;
  if (auto name = loss.dyn_cast<StringAttr>()) {
    for (OutputTraining &output : outputs)
      output.loss = name.getValue().str();
  } else if (!readPerOutput(dictionary, "loss", outputs,
                            [](OutputTraining &output, Attribute entry) {
                              auto name = entry.dyn_cast<StringAttr>();
                              if (name)
                                output.loss = name.getValue().str();
                              return bool(name);
                            })) {
    return false;
  }
  return readPerOutput(dictionary, "loss_weights", outputs,
                       [](OutputTraining &output, Attribute entry) {
                         auto weight = entry.dyn_cast<FloatAttr>();
                         if (!weight || !(weight.getValueAsDouble() >= 0.0))
                           return false;
                         output.weight = weight.getValueAsDouble();
                         return true;
                       }) &&
         readPerOutput(dictionary, "metrics", outputs, [](OutputTraining &output, Attribute entry) {
           auto names = entry.dyn_cast<ArrayAttr>();
           if (!names)
             return false;
           for (Attribute name : names) {
             if (!name.isa<StringAttr>())
               return false;
             output.metrics.push_back(name.cast<StringAttr>().getValue().str());
           }
           return true;
         });
}

} // namespace

DictionaryAttr buildCompileAttr(Builder &builder, const TrainingSettings &compile) {
  SmallVector<NamedAttribute, 4> entries{
      builder.getNamedAttr("loss", lossAttr(builder, compile.outputs)),
      builder.getNamedAttr("optimizer", builder.getStringAttr(compile.optimizer)),
      builder.getNamedAttr("learning_rate", builder.getF64FloatAttr(compile.learningRate))};
  auto number = [&](StringRef key, double value) {
    entries.push_back(builder.getNamedAttr(key, builder.getF64FloatAttr(value)));
  };
  if (compile.optimizer == "sgd") {
    number("momentum", compile.momentum);
    if (compile.nesterov)
      entries.push_back(builder.getNamedAttr("nesterov", builder.getBoolAttr(true)));
  } else if (compile.optimizer == "rmsprop") {
    number("rho", compile.rho);
    number("momentum", compile.momentum);
    number("epsilon", compile.epsilon);
  } else {
    number("beta_1", compile.beta1);
    number("beta_2", compile.beta2);
    number("epsilon", compile.epsilon);
  }
  addPerOutputEntries(builder, compile.outputs, entries);
  return builder.getDictionaryAttr(entries);
}

FailureOr<TrainingSettings> readCompileAttr(FuncOp func) {
  TrainingSettings compile;
  auto output = cast<OutputOp>(func.getBody().front().getTerminator());
  Attribute attr = func->getAttr(kCompileAttrName);
  if (!attr) {
    // Without compile(), the first output trains with the default loss.
    compile.outputs.resize(output.outputs().size());
    if (!compile.outputs.empty())
      compile.outputs.front().loss = stringifyLoss(Loss::sparse_categorical_crossentropy).str();
    return compile;
  }
  auto dictionary = attr.dyn_cast<DictionaryAttr>();
  auto fail = [&](StringRef what) {
    func.emitError() << kCompileAttrName << " must be a dictionary with " << what;
    return failure();
  };
  if (!dictionary)
    return fail("the compile() settings");
  auto optimizer = dictionary.getAs<StringAttr>("optimizer");
  if (!optimizer)
    return fail("an 'optimizer' string");
  if (!readOutputs(dictionary, output.outputs().size(), compile.outputs))
    return fail("a 'loss' string or one per output, and optionally 'loss_weights' (a number "
                "≥ 0 per output) and 'metrics' (a list of names per output)");
  compile.optimizer = optimizer.getValue().str();
  auto learningRate = dictionary.getAs<FloatAttr>("learning_rate");
  if (!learningRate)
    return fail("a 'learning_rate' float");
  compile.learningRate = learningRate.getValueAsDouble();
  if (compile.optimizer == "sgd") {
    auto momentum = dictionary.getAs<FloatAttr>("momentum");
    if (!momentum)
      return fail("a 'momentum' float for SGD");
    compile.momentum = momentum.getValueAsDouble();
    auto nesterov = dictionary.get("nesterov");
    if (nesterov && !nesterov.isa<BoolAttr>())
      return fail("a 'nesterov' bool");
    compile.nesterov = nesterov && nesterov.cast<BoolAttr>().getValue();
  }
  // The optimizer's other numbers; an attribute without them means Keras's defaults.
  for (auto [key, field] : {std::pair<StringRef, double *>{"beta_1", &compile.beta1},
                            {"beta_2", &compile.beta2},
                            {"epsilon", &compile.epsilon},
                            {"rho", &compile.rho},
                            {"momentum", &compile.momentum}}) {
    Attribute value = dictionary.get(key);
    if (value && !value.isa<FloatAttr>())
      return fail(("a '" + key + "' float").str());
    if (value)
      *field = value.cast<FloatAttr>().getValueAsDouble();
  }
  return compile;
}

} // namespace cnnc::cnn
