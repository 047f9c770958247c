// cnn summary M.so: prints the model's layers like Keras's model.summary().
#include "Commands.h"
#include "Summary.h"

#include <iostream>
#include <memory>

namespace cnn {

void addSummaryCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "summary", "Print the layers with their output shapes and parameter counts");
  auto library = std::make_shared<std::string>();
  command->add_option("model", *library, "The model library built by cnnc")->required();
  addThreadsOption(*command, options);
  command->callback(
      [library, &options] { std::cout << formatSummary(ModelLibrary(*library, options.threads)); });
}

} // namespace cnn
