// A grid of small images, each a matrix of values drawn through viridis, as cnn kernels and
// cnn features draw the book's imshow() figures.
#ifndef CNN_TOOL_IMAGE_GRID_H
#define CNN_TOOL_IMAGE_GRID_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

// One image of the grid: `rows` x `cols` values, row-major, mapped to viridis over vmin..vmax
// (imshow's vmin/vmax; a value range of zero width draws the lowest colour).
struct GridImage {
  std::string title;
  int64_t rows = 0, cols = 0;
  std::vector<float> values;
  double vmin = 0, vmax = 1;
};

// The grid's geometry in pixels. Image i sits in column i % columns and row i / columns; its
// value (r, c) is the square of `scale` pixels at (imageX(i) + c * scale, imageY(i) + r * scale).
struct GridLayout {
  static constexpr int margin = 16;      // left, right and bottom
  static constexpr int titleHeight = 40; // the figure's title above the grid
  static constexpr int labelHeight = 16; // each image's title above it
  static constexpr int gap = 8;          // between images

  int columns, scale;
  int64_t rows, cols; // of every image

  int imageX(size_t i) const;
  int imageY(size_t i) const;
};

// Draws `images` (all of one size) under `title` with `columns` images a row, each value a square
// of `cellPixels` / max(rows, cols) pixels (at least 1), and writes the PNG. Throws UserError.
void drawImageGrid(const std::string &title, const std::vector<GridImage> &images, int columns,
                   int cellPixels, const std::string &path);

} // namespace cnn

#endif // CNN_TOOL_IMAGE_GRID_H
