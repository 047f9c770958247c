// Importing a trained Keras model (.keras archive or Keras 2 .h5 file), and printing a Model back
// as model-language source.
#ifndef CNNC_FRONTEND_KERASIMPORT_H
#define CNNC_FRONTEND_KERASIMPORT_H

#include "cnnc/frontend/Model.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnc {

/// One trained parameter in Keras layout, named "<layer>.kernel" or "<layer>.bias".
struct WeightTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;
};

struct KerasModel {
  Model model;
  std::vector<WeightTensor> weights; // kernel then bias of each layer with weights, in layer order
};

/// Reads the architecture (and compile settings, when saved) and the trained weights of a Keras 3
/// `.keras` archive or a Keras 2 `.h5` file. Layer and model names are the file's. An error is
/// one line saying what is wrong with the file (without the file's name).
llvm::Expected<KerasModel> importKeras(const std::string &path);

/// The model-language source of `model`: the Sequential form when !model.functional, else
/// `x = Layer(...)(y)` statements. Every argument is written out, so parsing and analyzing the
/// text gives `model` again (up to source locations).
std::string printModelSource(const Model &model);

} // namespace cnnc

#endif // CNNC_FRONTEND_KERASIMPORT_H
