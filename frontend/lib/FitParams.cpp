// Reading fit()'s arguments, and those of its callbacks, into the model's training defaults.
#include "Binder.h"
#include "Params.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Path.h"

namespace cnnc {

namespace {

template <typename T>
void take(FitSetting<T> &setting, T value, const Argument &arg, const Location &call) {
  setting.value = std::move(value);
  setting.written = !arg.isDefault();
  setting.at = setting.written ? arg.getValue().getLoc() : call;
}

// cnn train writes safetensors: a Keras file name keeps its stem.
std::string checkpointPath(llvm::StringRef path) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (extension != ".keras" && extension != ".h5" && extension != ".hdf5")
    return path.str();
  llvm::SmallString<128> renamed(path);
  llvm::sys::path::replace_extension(renamed, ".safetensors");
  return std::string(renamed);
}

std::optional<std::string> matchPath(const ExprAST &value) {
  const auto *string = llvm::dyn_cast<StringExprAST>(&value);
  if (!string || string->getValue().empty())
    return std::nullopt;
  return string->getValue();
}

bool setCallbacks(FitConfig &config, const Argument &arg, const Diagnostics &diag) {
  const ExprAST &value = arg.getValue();
  if (isNone(value))
    return true;
  const auto *list = llvm::dyn_cast<SequenceExprAST>(&value);
  if (!list)
    return arg.fail("a list of callbacks");
  for (const ExprPtr &element : list->getElements()) {
    const auto *call = llvm::dyn_cast<CallExprAST>(element.get());
    const Signature *callback = call ? findCallback(call->getCallee()) : nullptr;
    if (!callback)
      return arg.fail("a list of EarlyStopping(...), ModelCheckpoint(...) and CSVLogger(...)",
                      *element);
    bool bound = bindCall(*call, *callback, diag, [&](const ParamSpec &spec, const ExprAST &v) {
      return setFitParam(config, Argument(diag, *callback, spec, v), call->getLoc(), diag);
    });
    if (!bound)
      return false;
  }
  return true;
}

} // namespace

bool setFitParam(FitConfig &config, const Argument &arg, const Location &call,
                 const Diagnostics &diag) {
  const ExprAST &value = arg.getValue();
  switch (arg.getParam()) {
  case Param::Data:
    return true;
  case Param::ValidationData:
    if (!isNone(value))
      config.validationData = value.getLoc();
    return true;
  case Param::BatchSize: {
    std::optional<int64_t> size = isNone(value) ? 32 : matchPositiveInt(value);
    if (!size)
      return arg.fail("None or a positive integer");
    take(config.batchSize, *size, arg, call);
    return true;
  }
  case Param::Epochs: {
    std::optional<int64_t> epochs = matchPositiveInt(value);
    if (!epochs)
      return arg.fail("a positive integer");
    take(config.epochs, *epochs, arg, call);
    return true;
  }
  case Param::ValidationSplit: {
    std::optional<double> split = matchNumber(value);
    if (!split || *split < 0 || *split >= 1)
      return arg.fail("a number in [0, 1)");
    take(config.validationSplit, *split, arg, call);
    return true;
  }
  case Param::Shuffle: {
    std::optional<bool> shuffle = matchBool(value);
    if (!shuffle)
      return arg.fail("True or False");
    take(config.shuffle, *shuffle, arg, call);
    return true;
  }
  case Param::Callbacks:
    return setCallbacks(config, arg, diag);
  case Param::Monitor:
    if (matchWord(value) != std::string("val_loss"))
      return arg.fail("'val_loss' (cnn train watches val_loss; other values are not supported "
                      "yet)");
    return true;
  case Param::Mode: {
    std::optional<std::string> mode = matchWord(value);
    if (mode != std::string("auto") && mode != std::string("min"))
      return arg.fail("'auto' or 'min' (val_loss improves downwards)");
    return true;
  }
  case Param::Patience: {
    std::optional<int64_t> patience = matchPositiveInt(value);
    if (!patience)
      return arg.fail("a positive integer (patience=0, which stops at the first epoch without "
                      "improvement, is not supported yet)");
    take(config.patience, *patience, arg, call);
    return true;
  }
  case Param::RestoreBestWeights: {
    std::optional<bool> restore = matchBool(value);
    if (!restore)
      return arg.fail("True or False");
    take(config.restoreBestWeights, *restore, arg, call);
    return true;
  }
  case Param::CheckpointPath: {
    std::optional<std::string> path = matchPath(value);
    if (!path || path->find('{') != std::string::npos)
      return arg.fail("a file name without {epoch} or {val_loss} fields (one checkpoint, the "
                      "best epoch's)");
    take(config.checkpoint, checkpointPath(*path), arg, call);
    return true;
  }
  case Param::SaveBestOnly:
    if (arg.isDefault()) {
      diag.error(call, "ModelCheckpoint saves every epoch unless save_best_only=True, and cnn "
                       "train's checkpoint keeps the best epoch only: pass save_best_only=True");
      return false;
    }
    if (matchBool(value) != true)
      return arg.fail("True (cnn train's checkpoint keeps the best epoch; one every epoch is not "
                      "supported yet)");
    return true;
  case Param::HistoryPath: {
    std::optional<std::string> path = matchPath(value);
    if (!path)
      return arg.fail("a file name");
    take(config.history, *path, arg, call);
    return true;
  }
  case Param::Ignored:
  case Param::KerasDefault:
    return setCommonParam(arg);
  default:
    llvm_unreachable("not a fit() parameter");
  }
}

} // namespace cnnc
