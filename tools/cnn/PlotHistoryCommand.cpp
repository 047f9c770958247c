// cnn plot-history H.csv -o P.png: each metric by epoch (loss, accuracy, ...) of cnn train
// --history.
#include "Chart.h"
#include "Commands.h"
#include "HistoryFile.h"
#include "ModelLibrary.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct PlotHistoryOptions {
  std::string history;
  std::string output;
};

// The epoch with the lowest val_loss, or -1 without validation.
int bestRow(const History &history) {
  const std::vector<double> &valLoss = history.val.front();
  int best = -1;
  for (size_t i = 0; i < valLoss.size(); ++i)
    if (!std::isnan(valLoss[i]) && (best < 0 || valLoss[i] < valLoss[best]))
      best = static_cast<int>(i);
  return best;
}

void plotHistory(const PlotHistoryOptions &options) {
  refuseClashes({{"-o", options.output}}, {{"the history", options.history}});
  const History history = readHistory(options.history);
  const int best = bestRow(history);
  const Interval epochs = withMargins(extent(history.epoch));
  // One panel per metric, three to a row.
  const int panels = static_cast<int>(history.names.size()), columns = std::min(panels, 3);
  const int rows = (panels + columns - 1) / columns;
  Canvas canvas(600 * columns, 480 * rows);
  for (int p = 0; p < panels; ++p) {
    const std::string &name = history.names[p];
    const std::vector<double> &train = history.train[p], &val = history.val[p];
    // Accuracy rises to the upper right, so its legend goes below.
    const bool legendBelow = name.size() >= 8 && name.compare(name.size() - 8, 8, "accuracy") == 0;
    std::vector<double> all = train;
    all.insert(all.end(), val.begin(), val.end());
    Axes axes(canvas, 80 + 600 * (p % columns), 50 + 480 * (p / columns), 490, 360, epochs,
              withMargins(extent(all)));
    axes.plot(history.epoch, train, kBlue);
    axes.plot(history.epoch, val, kOrange);
    if (best >= 0) {
      const int epoch = static_cast<int>(history.epoch[best]);
      axes.markX(epoch, "best epoch " + std::to_string(epoch), kRed, !legendBelow);
    }
    axes.legend({{"train", kBlue}, {"val", kOrange}}, legendBelow);
    axes.integerXTicks();
    axes.finish("epoch", name, name);
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
      "plot-history",
      "Draw each metric (loss, accuracy, ...) by epoch of a cnn train --history CSV as PNG");
  auto options = std::make_shared<PlotHistoryOptions>();
  command->add_option("history", options->history, "The CSV written by cnn train --history")
      ->required();
  command->add_option("-o,--output", options->output, "The PNG file to write")->required();
  command->callback([options] { plotHistory(*options); });
}

} // namespace cnn
