// The targets of model outputs read from NumPy arrays: class labels for a cross-entropy, float
// values for binary_crossentropy, mse and mae.
#ifndef CNN_TOOL_TARGETS_H
#define CNN_TOOL_TARGETS_H

#include "Data.h"
#include "Npy.h"

namespace cnn {

enum class TargetKind { Labels, Values, None };

// What model output `output` is trained against. An inference-only library's first output
// takes class labels, which cnn predict and cnn features show.
TargetKind targetKind(const ModelLibrary &library, int output);

// The targets of model output `output` in `array`, for `samples` samples (none for an output
// without a loss). Throws UserError naming the array.
OutputTargets readTargets(const ModelLibrary &library, int output, const npy::StoredArray &array,
                          int64_t samples);

// "'class', 'size'": the model's output layers.
std::string outputNames(const ModelLibrary &library);
// "2 outputs, 'class' (class labels) and 'size' (mse)": what the model trains.
std::string describeTrainedOutputs(const ModelLibrary &library);

} // namespace cnn

#endif // CNN_TOOL_TARGETS_H
