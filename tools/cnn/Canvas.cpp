// A picture drawn with cairo and written as PNG: the primitives every cnn plot shares.
#include "Canvas.h"

#include "AtomicFile.h"
#include "UserError.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace cnn {

Color viridis(double t) {
  // Matplotlib's viridis at t = 0, 1/8, ..., 1; linear in between.
  static const std::array<Color, 9> stops = {{{0.267, 0.005, 0.329},
                                              {0.279, 0.175, 0.483},
                                              {0.230, 0.322, 0.546},
                                              {0.173, 0.449, 0.558},
                                              {0.128, 0.567, 0.551},
                                              {0.153, 0.680, 0.504},
                                              {0.369, 0.788, 0.383},
                                              {0.678, 0.864, 0.190},
                                              {0.993, 0.906, 0.144}}};
  if (std::isnan(t))
    t = 0;
  const double at = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const size_t i = std::min(static_cast<size_t>(at), stops.size() - 2);
  const double f = at - i;
  const Color &a = stops[i], &b = stops[i + 1];
  return {a.red + f * (b.red - a.red), a.green + f * (b.green - a.green),
          a.blue + f * (b.blue - a.blue)};
}

Canvas::Canvas(int width, int height)
    : width_(width), height_(height),
      surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)),
      cairo_(cairo_create(surface_)) {
  fillRect(0, 0, width, height, {1, 1, 1});
}

Canvas::~Canvas() {
  cairo_destroy(cairo_);
  cairo_surface_destroy(surface_);
}

void Canvas::fillRect(double x, double y, double w, double h, Color color) {
  cairo_set_source_rgb(cairo_, color.red, color.green, color.blue);
  cairo_rectangle(cairo_, x, y, w, h);
  cairo_fill(cairo_);
}

void Canvas::strokeRect(double x, double y, double w, double h, Color color, double lineWidth) {
  cairo_set_source_rgb(cairo_, color.red, color.green, color.blue);
  cairo_set_line_width(cairo_, lineWidth);
  cairo_rectangle(cairo_, x, y, w, h);
  cairo_stroke(cairo_);
}

void Canvas::line(double x0, double y0, double x1, double y1, Color color, double lineWidth) {
  cairo_set_source_rgb(cairo_, color.red, color.green, color.blue);
  cairo_set_line_width(cairo_, lineWidth);
  cairo_move_to(cairo_, x0, y0);
  cairo_line_to(cairo_, x1, y1);
  cairo_stroke(cairo_);
}

void Canvas::text(double x, double y, const std::string &text, double size, Align align,
                  Color color, double angle) {
  cairo_save(cairo_);
  cairo_select_font_face(cairo_, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cairo_, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cairo_, text.c_str(), &extents);
  const double shift = align == Align::Left     ? 0
                       : align == Align::Center ? extents.x_advance / 2
                                                : extents.x_advance;
  cairo_translate(cairo_, x, y);
  cairo_rotate(cairo_, -angle * M_PI / 180);
  cairo_move_to(cairo_, -shift, 0);
  cairo_set_source_rgb(cairo_, color.red, color.green, color.blue);
  cairo_show_text(cairo_, text.c_str());
  cairo_restore(cairo_);
}

void Canvas::save(const std::string &path) const {
  cairo_surface_flush(surface_);
  std::string png;
  const cairo_status_t status = cairo_surface_write_to_png_stream(
      surface_,
      [](void *closure, const unsigned char *data, unsigned int length) {
        static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &png);
  if (status != CAIRO_STATUS_SUCCESS)
    throw UserError("cannot write " + path + ": " + cairo_status_to_string(status));
  if (const int error = cnnrt::replaceFile(path, {{png.data(), png.size()}}))
    throw UserError("cannot write " + path + ": " + std::strerror(error));
}

} // namespace cnn
