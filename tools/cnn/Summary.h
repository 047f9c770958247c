// The model summary table, laid out like Keras 2's model.summary().
#ifndef CNN_TOOL_SUMMARY_H
#define CNN_TOOL_SUMMARY_H

#include "ModelLibrary.h"

#include <string>

namespace cnn {

std::string formatSummary(const ModelLibrary &library);
// "333,526": digits in groups of three, as Keras prints counts.
std::string withThousands(int64_t value);

} // namespace cnn

#endif // CNN_TOOL_SUMMARY_H
