// The parts of a Keras file the importer reads, whichever of the two formats holds them.
#ifndef CNNC_FRONTEND_LIB_KERASFILE_H
#define CNNC_FRONTEND_LIB_KERASFILE_H

#include "KerasHdf5.h"

#include <memory>
#include <string>

namespace cnnc::keras {

enum class Format {
  Keras3, // zip: config.json (+ compile_config), model.weights.h5 (layers/<name>/vars/<i>)
  Keras2, // HDF5: attributes model_config, training_config; model_weights/<name>/<weight name>
};

struct KerasFile {
  Format format;
  std::string modelConfig;    // JSON {"class_name": "Sequential", "config": {...}, ...}
  std::string trainingConfig; // Keras 2's training_config JSON; empty when absent or Keras 3
  std::unique_ptr<Hdf5File> weights;
};

/// Opens a .keras archive or a Keras 2 .h5 file; throws ImportError.
KerasFile openKerasFile(const std::string &path);

} // namespace cnnc::keras

#endif // CNNC_FRONTEND_LIB_KERASFILE_H
