// cnn init M.so --seed S -o W.safetensors: writes Glorot-uniform initial weights.
#include "Commands.h"
#include "ModelLibrary.h"

#include <memory>

namespace cnn {
namespace {

struct InitOptions {
  std::string library;
  uint64_t seed = 0;
  std::string weights;
};

} // namespace

void addInitCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command =
      cnn.add_subcommand("init", "Write initial weights: Glorot-uniform kernels and zero biases");
  auto init = std::make_shared<InitOptions>();
  command->add_option("model", init->library, "The model library built by cnnc")->required();
  command->add_option("--seed", init->seed, "Seed of the random generator")->capture_default_str();
  command->add_option("-o,--output", init->weights, "The safetensors file to write")->required();
  addThreadsOption(*command, options);
  command->callback([init, &options] {
    refuseClashes({{"-o", init->weights}}, {{"the model library", init->library}});
    const ModelLibrary library(init->library, options.threads);
    library.check(cnn_init_params(library.model(), init->seed));
    library.check(cnn_save_weights(library.model(), init->weights.c_str()));
  });
}

} // namespace cnn
