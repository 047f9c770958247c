// The settings of `cnn train`, each from its command line, the model file's fit(), or cnn
// train's own default, and the table saying which.
#ifndef CNN_TOOLS_TRAINSETTINGS_H
#define CNN_TOOLS_TRAINSETTINGS_H

#include "Data.h"
#include "cnn/cnn.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace cnn {

struct TrainOptions {
  std::string modelPath;
  DataSource source;
  std::vector<std::string> validationX; // --val-x and --val-y: validation arrays of their own
  std::vector<std::string> validationY;
  int epochs = 20;
  int64_t batchSize = 32;
  double validationSplit = 0.2;
  int64_t splitSeed = -1; // -1: Keras's split, the last fraction as is
  uint64_t seed = 42;
  int patience = 0;
  bool restoreBestWeights = true; // with patience, as EarlyStopping(restore_best_weights=True)
  bool shuffle = true;
  std::string checkpoint;
  std::string history;
  std::string weights;
  std::string resume;
  double learningRate = 0.0; // 0: the model's compile()
  int64_t limit = 0;         // 0: every training image
  std::string output;
};

/// The options the command line gave, by their long names without dashes ("epochs").
using GivenOptions = std::vector<std::string>;

/// One row of the table: "epochs", "20", "book.py:14".
struct SettingSource {
  std::string name, value, from;
};

/// Takes every setting the command line did not give from the model file's fit(), where it has
/// one, and says where each setting came from.
std::vector<SettingSource> applyFitDefaults(TrainOptions &options, const cnn_fit_defaults &fit,
                                            const GivenOptions &given);

void printSettings(std::ostream &os, const std::vector<SettingSource> &settings);

} // namespace cnn

#endif // CNN_TOOLS_TRAINSETTINGS_H
