// The model's compile() settings as the model function's `cnn.compile` attribute.
#include "cnnc/ir/CompileAttr.h"

using namespace mlir;

namespace cnnc::cnn {

DictionaryAttr buildCompileAttr(Builder &builder, const CompileConfig &compile) {
  SmallVector<NamedAttribute, 4> entries{
      builder.getNamedAttr("loss", builder.getStringAttr(compile.loss)),
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
  return builder.getDictionaryAttr(entries);
}

FailureOr<CompileConfig> readCompileAttr(FuncOp func) {
  CompileConfig compile;
  Attribute attr = func->getAttr(kCompileAttrName);
  if (!attr)
    return compile;
  auto dictionary = attr.dyn_cast<DictionaryAttr>();
  auto fail = [&](StringRef what) {
    func.emitError() << kCompileAttrName << " must be a dictionary with " << what;
    return failure();
  };
  if (!dictionary)
    return fail("the compile() settings");
  auto loss = dictionary.getAs<StringAttr>("loss");
  auto optimizer = dictionary.getAs<StringAttr>("optimizer");
  if (!loss || !optimizer)
    return fail("'loss' and 'optimizer' strings");
  compile.present = true;
  compile.loss = loss.getValue().str();
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
