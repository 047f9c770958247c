// Mapping a Keras model config (JSON) to a Model: the supported classes and the layer graph.
#ifndef CNNC_FRONTEND_LIB_KERASCONFIG_H
#define CNNC_FRONTEND_LIB_KERASCONFIG_H

#include "KerasFile.h"
#include "OutputLosses.h"

#include "cnnc/frontend/Model.h"

#include <nlohmann/json.hpp>

#include <string>

namespace cnnc::keras {

using Json = nlohmann::json;

/// `text` parsed as JSON; an ImportError naming `what` when it is not JSON.
Json parseJson(const std::string &text, const std::string &what);

/// object[key]; an ImportError naming `what` when `object` is not an object or lacks the key.
const Json &member(const Json &object, const char *key, const std::string &what);

/// A JSON value the way a Keras user writes it in messages: 'same', [1, 1], 3, None.
std::string show(const Json &value); // at most 80 characters of it

/// One entry of config["layers"] ({"class_name": ..., "config": {...}}) as a Layer with its
/// Keras name and arguments, not yet connected to its inputs.
Layer convertLayer(const Json &entry);

/// The optimizer of Keras 3's compile_config or Keras 2's training_config as a compile()
/// statement, its outputs not yet filled.
CompileConfig convertCompile(const Json &optimizer);

/// Their loss, loss_weights and metrics as written (KerasLosses.cpp).
WrittenOutputs convertOutputLosses(const Json &loss, const Json &weights, const Json &metrics);

/// The whole model: its layers in order, inputs, outputs and compile settings. `loc` is given to
/// the model and every layer.
Model convertModel(const KerasFile &file, const Location &loc);

} // namespace cnnc::keras

#endif // CNNC_FRONTEND_LIB_KERASCONFIG_H
