// The summary table: Keras 2's column layout, widened instead of wrapped when a cell is long.
#include "Summary.h"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <vector>

namespace cnn {
namespace {

using Row = std::vector<std::string>;

// Each row starts with a space; every column but the last keeps two spaces before the next.
std::string formatRow(const Row &row, const std::vector<size_t> &widths) {
  std::string line = " ";
  size_t end = 0;
  for (size_t c = 0; c < row.size(); ++c) {
    line += row[c];
    end += widths[c];
    if (c + 1 < row.size())
      line.append(end > line.size() ? end - line.size() : 0, ' ');
  }
  return line.substr(0, line.find_last_not_of(' ') + 1);
}

std::string connections(const ModelLibrary &library, int layer, const cnn_layer_info &info) {
  std::string text = "[";
  for (int s = 0; s < info.num_inputs; ++s) {
    const int input = cnn_layer_input(library.model(), layer, s);
    text += std::string(s ? ", '" : "'") + library.layerInfo(input).name + "[0][0]'";
  }
  return text + "]";
}

} // namespace

std::string withThousands(int64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return digits;
}

std::string formatSummary(const ModelLibrary &library) {
  cnn_model *model = library.model();
  const bool functional = cnn_is_functional(model) != 0;

  // Keras 2's column positions: 65 characters for Sequential models, 98 for functional ones.
  Row header = {"Layer (type)", "Output Shape", "Param #"};
  std::vector<size_t> widths = {29, 26, 10};
  if (functional) {
    header.push_back("Connected to");
    widths = {32, 21, 12, 33};
  }
  std::vector<Row> rows;
  int64_t total = 0;
  for (int l = 0; l < cnn_num_layers(model); ++l) {
    const cnn_layer_info info = library.layerInfo(l);
    total += info.num_params;
    const bool isInput = std::strcmp(info.type, "InputLayer") == 0;
    if (isInput && !functional)
      continue;
    const std::string shape = formatLayerShape(info, "None");
    Row row = {std::string(info.name) + " (" + info.type + ")", isInput ? "[" + shape + "]" : shape,
               withThousands(info.num_params)};
    if (functional)
      row.push_back(connections(library, l, info));
    rows.push_back(row);
  }

  for (const Row &row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      const size_t lead = c == 0 ? 1 : 0, gap = c + 1 < row.size() ? 2 : 0;
      widths[c] = std::max(widths[c], lead + row[c].size() + gap);
    }
  size_t lineLength = 0;
  for (size_t width : widths)
    lineLength += width;

  std::ostringstream out;
  out << "Model: \"" << cnn_model_name(model) << "\"\n"
      << std::string(lineLength, '_') << "\n"
      << formatRow(header, widths) << "\n"
      << std::string(lineLength, '=') << "\n";
  for (size_t r = 0; r < rows.size(); ++r)
    out << formatRow(rows[r], widths) << "\n"
        << (r + 1 < rows.size() ? "" : std::string(lineLength, '=')) << "\n";
  out << "Total params: " << withThousands(total) << "\n"
      << "Trainable params: " << withThousands(total) << "\n"
      << "Non-trainable params: 0\n"
      << std::string(lineLength, '_') << "\n";
  return out.str();
}

} // namespace cnn
