// Reading compile()'s loss=, loss_weights= and metrics= as written, one value, a list or a dict by
// output name, each value checked where it stands.
#include "Binder.h"
#include "Params.h"

#include "llvm/Support/ErrorHandling.h"

namespace cnnc {

namespace {

/// Binds a loss or metric object's arguments, each of which only takes Keras's default or is
/// ignored (a name); false after reporting.
bool bindObject(const CallExprAST &call, const Signature &signature, const Diagnostics &diag) {
  return bindCall(call, signature, diag, [&](const ParamSpec &spec, const ExprAST &value) {
    return setCommonParam(Argument(diag, signature, spec, value));
  });
}

/// The id of `value` when it is a string that `idOf` knows, or an object of one of `classes`
/// with arguments that fit; nullopt after reporting "must be EXPECTED".
template <typename IdOf>
std::optional<std::string> readId(const Argument &arg, const ExprAST &value,
                                  llvm::ArrayRef<ObjectSignature> classes, IdOf idOf,
                                  const llvm::Twine &expected, const Diagnostics &diag) {
  if (const auto *call = llvm::dyn_cast<CallExprAST>(&value))
    for (const ObjectSignature &signature : classes)
      if (call->getCallee() == signature.call.name)
        return bindObject(*call, signature.call, diag) ? std::optional(signature.id.str())
                                                       : std::nullopt;
  std::optional<std::string> word = matchWord(value);
  std::optional<std::string> id = word ? idOf(*word) : std::nullopt;
  if (!id)
    arg.fail(expected, value);
  return id;
}

std::optional<std::string> readLoss(const Argument &arg, const ExprAST &value,
                                    const Diagnostics &diag) {
  return readId(arg, value, lossSignatures(), lossId, trainableLossList(), diag);
}

std::optional<std::string> readMetric(const Argument &arg, const ExprAST &value,
                                      const Diagnostics &diag) {
  return readId(arg, value, metricSignatures(), metricId,
                "'accuracy', 'mae', 'mse' or one of their metric classes", diag);
}

/// A metric, or a list of metrics.
std::optional<WrittenMetrics> readMetrics(const Argument &arg, const ExprAST &value,
                                          const Diagnostics &diag) {
  const auto *list = llvm::dyn_cast<SequenceExprAST>(&value);
  std::vector<const ExprAST *> elements;
  if (list && list->isList())
    for (const ExprPtr &element : list->getElements())
      elements.push_back(element.get());
  else
    elements.push_back(&value);
  WrittenMetrics metrics;
  for (const ExprAST *element : elements) {
    std::optional<std::string> metric = readMetric(arg, *element, diag);
    if (!metric)
      return std::nullopt;
    metrics.push_back({*metric, element->getLoc()});
  }
  return metrics;
}

bool isList(const ExprAST &value) {
  const auto *list = llvm::dyn_cast<SequenceExprAST>(&value);
  return list && list->isList();
}

/// `value` as one value for every output, a list of one per output, or a dict by output name;
/// `read` reads each value but None (nullopt after reporting).
template <typename T, typename Read>
bool readPerOutput(PerOutput<T> &spec, const ExprAST &value, Read read) {
  using Form = typename PerOutput<T>::Form;
  spec.at = value.getLoc();
  auto one = [&](const ExprAST &element) {
    std::optional<T> got;
    if (!isNone(element) && !(got = read(element)))
      return false;
    spec.values.push_back({std::move(got), element.getLoc()});
    return true;
  };
  if (const auto *dict = llvm::dyn_cast<DictExprAST>(&value)) {
    spec.form = Form::Dict;
    for (const DictEntryAST &entry : dict->getEntries()) {
      spec.keys.push_back({entry.key, entry.keyLoc});
      if (!one(*entry.value))
        return false;
    }
    return true;
  }
  if (isList(value)) {
    spec.form = Form::List;
    for (const ExprPtr &element : llvm::cast<SequenceExprAST>(value).getElements())
      if (!one(*element))
        return false;
    return true;
  }
  spec.form = Form::All;
  return one(value);
}

bool setMetrics(PerOutput<WrittenMetrics> &metrics, const Argument &arg, const Diagnostics &diag) {
  const ExprAST &value = arg.getValue();
  auto read = [&](const ExprAST &element) { return readMetrics(arg, element, diag); };
  if (!isList(value))
    return readPerOutput(metrics, value, read);
  // A list of lists has one list per output; a list of metrics (or none) is every output's.
  const auto &list = llvm::cast<SequenceExprAST>(value);
  bool perOutput = !list.getElements().empty() &&
                   (isList(*list.getElements().front()) || isNone(*list.getElements().front()));
  for (const ExprPtr &element : list.getElements())
    if ((isList(*element) || isNone(*element)) != perOutput)
      return arg.fail("a list of metrics, or a list of one list of metrics per output", *element);
  if (perOutput)
    return readPerOutput(metrics, value, read);
  metrics.form = PerOutput<WrittenMetrics>::Form::All;
  metrics.at = value.getLoc();
  std::optional<WrittenMetrics> all = read(value);
  if (all)
    metrics.values.push_back({std::move(all), value.getLoc()});
  return all.has_value();
}

bool setLossWeights(PerOutput<double> &weights, const Argument &arg) {
  const ExprAST &value = arg.getValue();
  const char *expected = "a list or a dict of numbers >= 0, one per output";
  if (isNone(value))
    return true;
  if (!isList(value) && !llvm::isa<DictExprAST>(value))
    return arg.fail(expected);
  return readPerOutput(weights, value, [&](const ExprAST &element) {
    std::optional<double> weight = matchNumber(element);
    if (!weight || *weight < 0) {
      arg.fail(expected, element);
      return std::optional<double>();
    }
    return weight;
  });
}

} // namespace

bool isOutputParam(Param param) {
  return param == Param::Loss || param == Param::LossWeights || param == Param::Metrics;
}

bool setOutputParam(WrittenOutputs &outputs, const Argument &arg, const Diagnostics &diag) {
  switch (arg.getParam()) {
  case Param::Loss:
    return readPerOutput(outputs.loss, arg.getValue(),
                         [&](const ExprAST &element) { return readLoss(arg, element, diag); });
  case Param::LossWeights:
    return setLossWeights(outputs.weights, arg);
  case Param::Metrics:
    return setMetrics(outputs.metrics, arg, diag);
  default:
    llvm_unreachable("not a parameter of the outputs");
  }
}

} // namespace cnnc
