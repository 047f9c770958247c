// Merging cnn train's command line with the model file's fit() settings.
#include "TrainSettings.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>

namespace cnn {

namespace {

constexpr const char *commandLine = "command line";
constexpr const char *trainDefault = "cnn train's default";

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

} // namespace

std::vector<SettingSource> applyFitDefaults(TrainOptions &options, const cnn_fit_defaults &fit,
                                            const GivenOptions &given) {
  std::vector<SettingSource> rows;
  // `option` as given on the command line, else the file's value where it sets one, else cnn
  // train's default; `shown` prints the value as merged.
  auto take = [&](const char *name, const char *option, auto &value, auto fileValue,
                  const char *fileFrom, auto shown) {
    std::string from = trainDefault;
    if (std::find(given.begin(), given.end(), option) != given.end()) {
      from = commandLine;
    } else if (fileFrom) {
      value = fileValue;
      from = fileFrom;
    }
    rows.push_back({name, shown(value), from});
  };
  auto integer = [](auto value) { return std::to_string(value); };
  auto yesNo = [](bool value) { return std::string(value ? "yes" : "no"); };
  auto path = [](const std::string &value) { return value.empty() ? "none" : value; };
  take("epochs", "epochs", options.epochs, static_cast<int>(fit.epochs), fit.epochs_from, integer);
  take("batch size", "batch-size", options.batchSize, fit.batch_size, fit.batch_size_from, integer);
  take("validation split", "validation-split", options.validationSplit, fit.validation_split,
       fit.validation_split_from, number);
  take("shuffle", "", options.shuffle, fit.shuffle != 0, fit.shuffle_from, yesNo);
  take("patience", "patience", options.patience, static_cast<int>(fit.patience), fit.patience_from,
       [](int value) { return value > 0 ? std::to_string(value) : std::string("none"); });
  take("restore best weights", "restore-best-weights", options.restoreBestWeights,
       fit.restore_best_weights != 0, fit.restore_best_weights_from, yesNo);
  take("checkpoint", "checkpoint", options.checkpoint,
       std::string(fit.checkpoint ? fit.checkpoint : ""), fit.checkpoint_from, path);
  take("history", "history", options.history, std::string(fit.history ? fit.history : ""),
       fit.history_from, path);
  // fit(validation_data=...) names arrays of the file's own, which Keras takes over any
  // validation_split: cnn train holds out its default split of the training data instead.
  SettingSource &split = rows[2];
  if (fit.validation_data_from && split.from != commandLine) {
    options.validationSplit = 0.2;
    split.value = "0.2";
    split.from = std::string(trainDefault) + "; " + fit.validation_data_from +
                 " validates on arrays of its own";
  }
  if (!options.validationX.empty()) {
    split.value = "none";
    split.from = "--val-x and --val-y validate instead";
  }
  return rows;
}

void printSettings(std::ostream &os, const std::vector<SettingSource> &settings) {
  size_t nameWidth = 0, valueWidth = 0;
  for (const SettingSource &setting : settings) {
    nameWidth = std::max(nameWidth, setting.name.size());
    valueWidth = std::max(valueWidth, setting.value.size());
  }
  os << "Training settings:\n";
  for (const SettingSource &setting : settings)
    os << "  " << std::left << std::setw(static_cast<int>(nameWidth) + 2) << setting.name
       << std::setw(static_cast<int>(valueWidth) + 2) << setting.value << setting.from << "\n";
}

} // namespace cnn
