// The subcommands of cnn; each adds itself, its options and its action to the command line.
#ifndef CNN_TOOL_COMMANDS_H
#define CNN_TOOL_COMMANDS_H

#include "OutputFiles.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cnn {

struct ToolOptions {
  int threads = -1; // -1: leave the kernels' default
};

// --threads, accepted by cnn itself and by every subcommand.
void addThreadsOption(CLI::App &app, ToolOptions &options);

// How training uses --threads: "replicas" (the default) or "kernels", and its micro-batch.
struct Parallelism {
  std::string mode = "replicas";
  int64_t microBatch = 16; // cnn.h's default
};
// --parallel and --micro-batch, for the commands that train.
void addParallelOption(CLI::App &app, Parallelism &parallelism);

// Throws UserError when an output would overwrite an input or another output (OutputFiles.h);
// commands check it before any work.
void refuseClashes(const std::vector<NamedFile> &outputs, const std::vector<NamedFile> &inputs);

// Number checks whose messages say what is wrong ("must be above 0, got -4"), unlike CLI11's
// range text: `holds` decides, `what` explains, `name` shows in --help.
CLI::Validator numberCheck(const std::string &name, const std::string &what,
                           const std::function<bool(double)> &holds);
CLI::Validator positiveNumber();
CLI::Validator nonNegativeNumber();

void addSummaryCommand(CLI::App &cnn, ToolOptions &options);
void addInitCommand(CLI::App &cnn, ToolOptions &options);
void addRunCommand(CLI::App &cnn, ToolOptions &options);
void addEvaluateCommand(CLI::App &cnn, ToolOptions &options);
void addPredictCommand(CLI::App &cnn, ToolOptions &options);
void addTrainCommand(CLI::App &cnn, ToolOptions &options);
void addBenchCommand(CLI::App &cnn, ToolOptions &options);
void addPlotHistoryCommand(CLI::App &cnn, ToolOptions &options);
void addWeightsCommand(CLI::App &cnn, ToolOptions &options);
void addKernelsCommand(CLI::App &cnn, ToolOptions &options);
void addFeaturesCommand(CLI::App &cnn, ToolOptions &options);
void addPlotModelCommand(CLI::App &cnn, ToolOptions &options);

} // namespace cnn

#endif // CNN_TOOL_COMMANDS_H
