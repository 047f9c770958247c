// A grid of small images drawn through viridis: the kernels' and the feature maps' figures.
#include "ImageGrid.h"

#include "Canvas.h"

#include <algorithm>

namespace cnn {
namespace {

constexpr double titleSize = 15, labelSize = 10;

// The width of `text` in pixels at `size`, as Canvas::text draws it.
double textWidth(const std::string &text, double size) {
  const Canvas scratch(1, 1);
  cairo_select_font_face(scratch.cairo(), "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(scratch.cairo(), size);
  cairo_text_extents_t extents;
  cairo_text_extents(scratch.cairo(), text.c_str(), &extents);
  return extents.x_advance;
}

} // namespace

int GridLayout::imageX(size_t i) const {
  return margin + static_cast<int>(i % columns) * static_cast<int>(cols * scale + gap);
}

int GridLayout::imageY(size_t i) const {
  return titleHeight +
         static_cast<int>(i / columns) * static_cast<int>(labelHeight + rows * scale + gap) +
         labelHeight;
}

void drawImageGrid(const std::string &title, const std::vector<GridImage> &images, int columns,
                   int cellPixels, const std::string &path) {
  const GridImage &first = images.front();
  const int64_t largest = std::max(first.rows, first.cols);
  const GridLayout layout{columns, static_cast<int>(std::max<int64_t>(1, cellPixels / largest)),
                          first.rows, first.cols};
  const size_t gridRows = (images.size() + columns - 1) / columns;
  const int gridWidth = layout.imageX(columns - 1) + static_cast<int>(first.cols * layout.scale);
  const int width =
      std::max(gridWidth + GridLayout::margin,
               static_cast<int>(textWidth(title, titleSize)) + 2 * GridLayout::margin);
  const int height = layout.imageY((gridRows - 1) * columns) +
                     static_cast<int>(first.rows * layout.scale) + GridLayout::margin;

  Canvas canvas(width, height);
  canvas.text(width / 2.0, GridLayout::titleHeight - 14, title, titleSize, Align::Center);
  for (size_t i = 0; i < images.size(); ++i) {
    const GridImage &image = images[i];
    const int x = layout.imageX(i), y = layout.imageY(i);
    canvas.text(x + image.cols * layout.scale / 2.0, y - 4, image.title, labelSize, Align::Center);
    const double range = image.vmax - image.vmin;
    for (int64_t r = 0; r < image.rows; ++r)
      for (int64_t c = 0; c < image.cols; ++c) {
        const double value = image.values[r * image.cols + c];
        canvas.fillRect(x + c * layout.scale, y + r * layout.scale, layout.scale, layout.scale,
                        viridis(range > 0 ? (value - image.vmin) / range : 0));
      }
  }
  canvas.save(path);
}

} // namespace cnn
