// A picture drawn with cairo and written as PNG: the primitives every cnn plot shares.
#ifndef CNN_TOOL_CANVAS_H
#define CNN_TOOL_CANVAS_H

#include <cairo.h>

#include <string>

namespace cnn {

struct Color {
  double red, green, blue; // 0..1
};

// Matplotlib's default colour map (viridis), as imshow() draws the book's kernels and feature
// maps: `t` in [0, 1] from dark purple to yellow; values outside are clamped.
Color viridis(double t);

enum class Align { Left, Center, Right };

class Canvas {
public:
  // A white picture of `width` x `height` pixels.
  Canvas(int width, int height);
  ~Canvas();
  Canvas(const Canvas &) = delete;
  Canvas &operator=(const Canvas &) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  // For drawing beyond these primitives (paths, dashes).
  cairo_t *cairo() const { return cairo_; }

  void fillRect(double x, double y, double w, double h, Color color);
  void strokeRect(double x, double y, double w, double h, Color color, double lineWidth = 1);
  void line(double x0, double y0, double x1, double y1, Color color, double lineWidth = 1);
  // Text with its baseline at y, aligned on x; `angle` in degrees, counter-clockwise.
  void text(double x, double y, const std::string &text, double size, Align align = Align::Left,
            Color color = {0, 0, 0}, double angle = 0);

  // Writes the PNG; throws UserError when the file cannot be written.
  void save(const std::string &path) const;

private:
  int width_, height_;
  cairo_surface_t *surface_;
  cairo_t *cairo_;
};

} // namespace cnn

#endif // CNN_TOOL_CANVAS_H
