// Class labels read from a NumPy array: class indices or Keras's to_categorical one-hot rows.
#ifndef CNN_TOOL_LABELS_H
#define CNN_TOOL_LABELS_H

#include "Npy.h"

namespace cnn {

// The class of each of `samples` rows of `array`: (N,) or (N, 1) class indices of any integer
// or float type, or (N, classes) one-hot rows. Throws UserError naming the array and the row.
std::vector<int32_t> readLabels(const npy::StoredArray &array, int64_t samples, int64_t classes);

} // namespace cnn

#endif // CNN_TOOL_LABELS_H
