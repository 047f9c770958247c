// cnn plot-model M.so -o A.png [--show-shapes] [--dot]: the layer graph as Keras's plot_model
// draws it, laid out and rendered by Graphviz.
#include "AtomicFile.h"
#include "Commands.h"
#include "ModelLibrary.h"

#include <gvc.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct PlotModelOptions {
  std::string modelPath;
  std::string output;
  bool showShapes = false;
  bool dot = false;
};

// The shapes of `layer`'s inputs as Keras shows them: one shape, or a list of several.
std::string inputShapes(const ModelLibrary &library, int layer, const cnn_layer_info &info) {
  if (info.num_inputs == 0)
    return formatLayerShape(info, "None"); // an Input layer's input is its output
  std::string text;
  for (int slot = 0; slot < info.num_inputs; ++slot) {
    const int source = cnn_layer_input(library.model(), layer, slot);
    text += (slot ? ", " : "") + formatLayerShape(library.layerInfo(source), "None");
  }
  return info.num_inputs == 1 ? text : "[" + text + "]";
}

// The layer graph in Graphviz's DOT language: Keras's record nodes, top to bottom.
std::string layerGraph(const ModelLibrary &library, bool showShapes) {
  cnn_model *model = library.model();
  std::string dot = "digraph \"" + std::string(cnn_model_name(model)) + "\" {\n" +
                    "  graph [rankdir=TB, dpi=96, ranksep=0.4, pad=0.1];\n" +
                    "  node [shape=record, fontname=\"Helvetica\", fontsize=12];\n";
  for (int layer = 0; layer < cnn_num_layers(model); ++layer) {
    const cnn_layer_info info = library.layerInfo(layer);
    std::string label = std::string(info.name) + " (" + info.type + ")";
    if (showShapes)
      label += "|{input:|output:}|{{" + inputShapes(library, layer, info) + "}|{" +
               formatLayerShape(info, "None") + "}}";
    dot += "  " + std::to_string(layer) + " [label=\"" + label + "\"];\n";
  }
  for (int layer = 0; layer < cnn_num_layers(model); ++layer)
    for (int slot = 0; slot < library.layerInfo(layer).num_inputs; ++slot)
      dot += "  " + std::to_string(cnn_layer_input(model, layer, slot)) + " -> " +
             std::to_string(layer) + ";\n";
  return dot + "}\n";
}

// Lays `dot` out with Graphviz's dot and writes it as PNG; throws UserError.
void renderPng(const std::string &dot, const std::string &path) {
  struct ContextFree {
    void operator()(GVC_t *context) const { gvFreeContext(context); }
  };
  struct GraphClose {
    void operator()(Agraph_t *graph) const { agclose(graph); }
  };
  agseterr(AGMAX); // our own message instead of Graphviz's
  const std::unique_ptr<GVC_t, ContextFree> context(gvContext());
  const std::unique_ptr<Agraph_t, GraphClose> graph(agmemread(dot.c_str()));
  if (!graph || gvLayout(context.get(), graph.get(), "dot") != 0)
    throw UserError("Graphviz could not lay out the layer graph");
  char *png = nullptr;
  unsigned int length = 0;
  const int status = gvRenderData(context.get(), graph.get(), "png", &png, &length);
  gvFreeLayout(context.get(), graph.get());
  const std::unique_ptr<char, void (*)(char *)> rendered(png, gvFreeRenderData);
  if (status != 0 || !png)
    throw UserError("Graphviz could not draw the layer graph as PNG");
  if (const int error = cnnrt::replaceFile(path, {{png, length}}))
    throw UserError("cannot write " + path + ": " + std::strerror(error));
}

} // namespace

void addPlotModelCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "plot-model", "Draw the layer graph as PNG, like Keras's plot_model (Graphviz's dot)");
  auto plot = std::make_shared<PlotModelOptions>();
  command->add_option("model", plot->modelPath, "The model library built by cnnc")->required();
  command->add_option("-o,--output", plot->output, "The PNG file to write")->required();
  command->add_flag("--show-shapes", plot->showShapes, "Show each layer's input and output shapes");
  command->add_flag("--dot", plot->dot, "Print the graph in Graphviz's DOT language too");
  command->callback([plot, &options] {
    refuseClashes({{"-o", plot->output}}, {{"the model library", plot->modelPath}});
    const ModelLibrary library(plot->modelPath, options.threads);
    const std::string dot = layerGraph(library, plot->showShapes);
    if (plot->dot)
      std::cout << dot;
    renderPng(dot, plot->output);
  });
}

} // namespace cnn
