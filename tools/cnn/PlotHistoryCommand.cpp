// cnn plot-history H.csv -o P.png: the loss and accuracy by epoch of cnn train --history.
#include "Chart.h"
#include "Commands.h"
#include "ModelLibrary.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace cnn {
namespace {

struct PlotHistoryOptions {
  std::string history;
  std::string output;
};

struct History {
  std::vector<double> epoch, loss, accuracy, valLoss, valAccuracy;
};

const char kHeader[] = "epoch,loss,accuracy,val_loss,val_accuracy,seconds";

// One CSV field as a number ("nan" included); throws UserError naming the line otherwise.
double parseField(const std::string &field, const std::string &path, int line) {
  try {
    size_t used = 0;
    const double value = std::stod(field, &used);
    if (used == field.size())
      return value;
  } catch (const std::exception &) {
  }
  throw UserError(path + ":" + std::to_string(line) + ": '" + field + "' is not a number");
}

History readHistory(const std::string &path) {
  std::ifstream in(path);
  if (!in)
    throw UserError("cannot read " + path);
  std::string text;
  if (!std::getline(in, text) || text != kHeader)
    throw UserError(path + ":1: expected the header " + kHeader);
  History history;
  for (int line = 2; std::getline(in, text); ++line) {
    if (text.empty())
      continue;
    const auto commas = std::count(text.begin(), text.end(), ',');
    if (commas != 5)
      throw UserError(path + ":" + std::to_string(line) + ": expected 6 fields, got " +
                      std::to_string(commas + 1));
    std::vector<double> fields;
    std::stringstream row(text);
    for (std::string field; std::getline(row, field, ',');)
      fields.push_back(parseField(field, path, line));
    history.epoch.push_back(fields[0]);
    history.loss.push_back(fields[1]);
    history.accuracy.push_back(fields[2]);
    history.valLoss.push_back(fields[3]);
    history.valAccuracy.push_back(fields[4]);
  }
  if (history.epoch.empty())
    throw UserError(path + " holds no epochs");
  return history;
}

// The epoch with the lowest val_loss, or -1 without validation.
int bestRow(const History &history) {
  int best = -1;
  for (size_t i = 0; i < history.valLoss.size(); ++i)
    if (!std::isnan(history.valLoss[i]) && (best < 0 || history.valLoss[i] < history.valLoss[best]))
      best = static_cast<int>(i);
  return best;
}

void plotHistory(const PlotHistoryOptions &options) {
  const History history = readHistory(options.history);
  const int best = bestRow(history);
  const Interval epochs = withMargins(extent(history.epoch));
  Canvas canvas(1200, 480);
  struct Panel {
    const std::vector<double> &train, &val;
    const char *name;
    bool legendBelow; // accuracy rises to the upper right
  };
  const Panel panels[] = {{history.loss, history.valLoss, "loss", false},
                          {history.accuracy, history.valAccuracy, "accuracy", true}};
  for (int p = 0; p < 2; ++p) {
    std::vector<double> all = panels[p].train;
    all.insert(all.end(), panels[p].val.begin(), panels[p].val.end());
    Axes axes(canvas, 80 + 600 * p, 50, 490, 360, epochs, withMargins(extent(all)));
    axes.plot(history.epoch, panels[p].train, kBlue);
    axes.plot(history.epoch, panels[p].val, kOrange);
    if (best >= 0) {
      const int epoch = static_cast<int>(history.epoch[best]);
      axes.markX(epoch, "best epoch " + std::to_string(epoch), kRed, !panels[p].legendBelow);
    }
    axes.legend({{"train", kBlue}, {"val", kOrange}}, panels[p].legendBelow);
    axes.integerXTicks();
    axes.finish("epoch", panels[p].name, panels[p].name);
  }
  canvas.save(options.output);
  std::cout << "wrote " << options.output << " (" << history.epoch.size() << " epochs";
  if (best >= 0)
    std::cout << ", best epoch " << history.epoch[best];
  std::cout << ")\n";
}

} // namespace

void addPlotHistoryCommand(CLI::App &cnn, ToolOptions &) {
  CLI::App *command = cnn.add_subcommand(
      "plot-history", "Draw the loss and accuracy by epoch of a cnn train --history CSV as PNG");
  auto options = std::make_shared<PlotHistoryOptions>();
  command->add_option("history", options->history, "The CSV written by cnn train --history")
      ->required();
  command->add_option("-o,--output", options->output, "The PNG file to write")->required();
  command->callback([options] { plotHistory(*options); });
}

} // namespace cnn
