// The layer graph of a Keras model config: Sequential chains and Functional inbound nodes.
#include "KerasConfig.h"
#include "Signatures.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

namespace cnnc::keras {

namespace {

/// Keras's model names may hold characters the model language has no room for.
std::string identifier(std::string name) {
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  if (name.empty() || llvm::isDigit(name.front()))
    name = "_" + name;
  return name;
}

class GraphBuilder {
public:
  explicit GraphBuilder(Model &model) : model(model) {}

  void sequential(const Json &layers);
  void functional(const Json &config);

private:
  /// Appends `layer` fed by the layers named `inputs`, which must come before it.
  void add(Layer layer, const std::vector<std::string> &inputs);
  int find(const std::string &name, const std::string &user) const;

  Model &model;
  llvm::StringMap<int> indices;
};

void GraphBuilder::add(Layer layer, const std::vector<std::string> &inputs) {
  std::string what = "layer '" + layer.name + "' (" + layerKindName(layer.kind) + ")";
  for (const std::string &input : inputs)
    layer.inputs.push_back(find(input, layer.name));
  size_t count = layer.inputs.size();
  switch (layerSignature(layer.kind).arity) {
  case Arity::None:
    break;
  case Arity::One:
    if (count != 1)
      throw ImportError(what + " takes one input, got " + std::to_string(count));
    break;
  case Arity::AtLeastTwo:
    if (count < 2)
      throw ImportError(what + " needs at least 2 inputs, got " + std::to_string(count) +
                        (model.functional ? "" : " (a Sequential model gives it one)"));
    break;
  }
  int index = static_cast<int>(model.layers.size());
  if (model.layers.size() == kMaxLayers)
    throw ImportError("the model has more than " + std::to_string(kMaxLayers) +
                      " layers; cnnc compiles at most that many");
  if (!indices.try_emplace(layer.name, index).second)
    throw ImportError("two layers are named '" + layer.name + "'");
  if (layer.kind == LayerKind::Input)
    model.inputs.push_back(index);
  model.layers.push_back(std::move(layer));
}

int GraphBuilder::find(const std::string &name, const std::string &user) const {
  auto found = indices.find(name);
  if (found == indices.end())
    throw ImportError("layer '" + user + "' takes the output of '" + name +
                      "', which is not a layer before it");
  return found->second;
}

void GraphBuilder::sequential(const Json &layers) {
  for (const Json &entry : layers) {
    Layer layer = convertLayer(entry);
    if (model.layers.empty() && layer.kind != LayerKind::Input) {
      // Keras 2 keeps the input shape of a model built with input_shape= on its first layer,
      // and names the input after it.
      const Json &config = entry["config"];
      if (!config.contains("batch_input_shape"))
        throw ImportError("the Sequential model has no InputLayer and no input shape");
      add(convertLayer({{"class_name", "InputLayer"},
                        {"config",
                         {{"name", layer.name + "_input"},
                          {"batch_input_shape", config["batch_input_shape"]}}}}),
          {});
    }
    if (layer.kind == LayerKind::Input && !model.layers.empty())
      throw ImportError("layer '" + layer.name +
                        "' (InputLayer) can only be the first layer of a Sequential model");
    std::vector<std::string> inputs;
    if (!model.layers.empty())
      inputs.push_back(model.layers.back().name);
    add(std::move(layer), inputs);
  }
  model.outputs = {static_cast<int>(model.layers.size()) - 1};
}

/// The layer names in Keras's references to tensors: Keras 2's [name, node, tensor, kwargs]
/// entries and Keras 3's {"class_name": "__keras_tensor__", "config": {"keras_history": [name,
/// node, tensor]}} inside a node's "args", nested in lists.
void collectLayerNames(const Json &value, std::vector<std::string> &names) {
  if (value.is_array() && !value.empty() && value[0].is_string()) {
    names.push_back(value[0].get<std::string>());
  } else if (value.is_array()) {
    for (const Json &element : value)
      collectLayerNames(element, names);
  } else if (value.is_object() && value.contains("args")) {
    collectLayerNames(value["args"], names);
  } else if (value.is_object() && value.value("class_name", "") == "__keras_tensor__") {
    collectLayerNames(member(member(value, "config", "a tensor"), "keras_history", "a tensor"),
                      names);
  }
}

std::vector<std::string> layerNames(const Json &value) {
  std::vector<std::string> names;
  collectLayerNames(value, names);
  return names;
}

void GraphBuilder::functional(const Json &config) {
  struct Node {
    Layer layer;
    std::vector<std::string> inputs;
  };
  std::vector<Node> nodes;
  llvm::StringMap<size_t> inputNodes;
  for (const Json &entry : member(config, "layers", "the model config")) {
    Node node{convertLayer(entry), {}};
    const Json &inbound = entry.value("inbound_nodes", Json::array());
    if (inbound.size() > 1)
      throw ImportError("layer '" + node.layer.name + "' is called " +
                        std::to_string(inbound.size()) +
                        " times; cnnc does not support shared layers");
    node.inputs = layerNames(inbound);
    if (node.layer.kind == LayerKind::Input)
      inputNodes[node.layer.name] = nodes.size();
    nodes.push_back(std::move(node));
  }
  // The inputs come first, in the model's order of inputs (the order predict() takes them in);
  // the other layers follow in Keras's order, which is topological.
  for (const std::string &name : layerNames(member(config, "input_layers", "the model config"))) {
    auto found = inputNodes.find(name);
    if (found == inputNodes.end())
      throw ImportError("the model's input '" + name + "' is not an InputLayer of the model");
    add(nodes[found->second].layer, {});
  }
  for (Node &node : nodes) {
    if (node.layer.kind != LayerKind::Input)
      add(std::move(node.layer), node.inputs);
    else if (!indices.count(node.layer.name))
      throw ImportError("InputLayer '" + node.layer.name + "' is not one of the model's inputs");
  }
  for (const std::string &name : layerNames(member(config, "output_layers", "the model config")))
    model.outputs.push_back(find(name, "the model's outputs"));
}

/// The importer's messages about the outputs' losses: an error is an ImportError; a warning (a
/// metric for every output that one of them cannot measure) has no channel, and the metric is
/// left out of that output's metrics as the warning would say.
class ThrownOutputs : public OutputComplaints {
public:
  void error(const Where &, const std::string &message) override { throw ImportError(message); }
  void warning(const Where &, const std::string &) override {}
};

} // namespace

Model convertModel(const KerasFile &file, const Location &loc) {
  bool keras3 = file.format == Format::Keras3;
  Json root = parseJson(file.modelConfig, keras3 ? "config.json" : "the model_config attribute");
  const Json &className = member(root, "class_name", "the model config");
  const Json &config = member(root, "config", "the model config");
  const Json &layers = member(config, "layers", "the model config");
  if (!layers.is_array() || layers.empty())
    throw ImportError("the model config lists no layers");

  Model model;
  model.name = identifier(config.value("name", "model"));
  model.loc = loc;
  model.functional = className != "Sequential";
  GraphBuilder graph(model);
  if (className == "Sequential")
    graph.sequential(layers);
  else if (className == "Functional" || className == "Model")
    graph.functional(config);
  else
    throw ImportError("the model has class " + show(className) +
                      "; cnnc imports Sequential and Functional models");
  for (Layer &layer : model.layers)
    layer.loc = loc;

  // Keras 3 keeps compile()'s arguments; Keras 2 the same under other names.
  std::optional<Json> compile;
  if (keras3 && !root.value("compile_config", Json()).is_null())
    compile = root["compile_config"];
  else if (!file.trainingConfig.empty())
    compile = parseJson(file.trainingConfig, "the training_config attribute");
  if (compile) {
    const char *what = keras3 ? "compile_config" : "the training_config attribute";
    model.compile =
        convertCompile(member(*compile, keras3 ? "optimizer" : "optimizer_config", what));
    ThrownOutputs complaints;
    resolveOutputLosses(convertOutputLosses(compile->value("loss", Json()),
                                            compile->value("loss_weights", Json()),
                                            compile->value("metrics", Json())),
                        model, complaints);
  }
  model.compile.loc = loc;
  return model;
}

} // namespace cnnc::keras
