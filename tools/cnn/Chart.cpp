// Matplotlib-style axes on a Canvas: the data-to-pixel mapping, ticks, labels, legend and marks.
#include "Chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cnn {
namespace {

constexpr Color kBlack{0, 0, 0};
constexpr double kTickFont = 13, kLabelFont = 14, kTitleFont = 16, kTickLength = 5;

double textWidth(const Canvas &canvas, const std::string &text, double size) {
  cairo_t *cairo = canvas.cairo();
  cairo_save(cairo);
  cairo_select_font_face(cairo, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cairo, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cairo, text.c_str(), &extents);
  cairo_restore(cairo);
  return extents.x_advance;
}

// Ticks at multiples of 1, 2, 2.5 or 5 times a power of ten, about six of them over `range`.
std::vector<double> ticks(Interval range, bool integers, double &step) {
  const double rough = (range.high - range.low) / 6;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  step = 10 * power;
  for (const double factor : {1.0, 2.0, 2.5, 5.0})
    if (factor * power >= rough && !(integers && factor == 2.5)) {
      step = factor * power;
      break;
    }
  if (integers)
    step = std::max(step, 1.0);
  std::vector<double> values;
  if (!(step > 0) || !std::isfinite(step)) // a range of one value, or of none
    return values;
  // Counted, not added up: a range below the values' precision (an epoch of 1e17) would not
  // advance a running sum. More than a few dozen ticks means such a range too.
  constexpr int kMostTicks = 50;
  const double first = std::ceil(range.low / step - 1e-9), last = range.high / step + 1e-9;
  for (int k = 0; k < kMostTicks && first + k <= last; ++k) {
    const double tick = (first + k) * step;
    values.push_back(std::abs(tick) < step * 1e-9 ? 0 : tick);
  }
  return values;
}

// `value` with as many decimals as `step` needs.
std::string tickLabel(double value, double step) {
  int decimals = 0;
  while (decimals < 6 &&
         std::abs(step * std::pow(10, decimals) - std::round(step * std::pow(10, decimals))) > 1e-6)
    ++decimals;
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

} // namespace

Interval extent(const std::vector<double> &values) {
  Interval range{INFINITY, -INFINITY};
  for (const double value : values)
    if (!std::isnan(value))
      range = {std::min(range.low, value), std::max(range.high, value)};
  return range.low <= range.high ? range : Interval{0, 1};
}

Interval withMargins(Interval range) {
  const double margin = range.high > range.low ? (range.high - range.low) * 0.05 : 1;
  return {range.low - margin, range.high + margin};
}

Axes::Axes(Canvas &canvas, double left, double top, double width, double height, Interval x,
           Interval y)
    : canvas_(canvas), left_(left), top_(top), width_(width), height_(height), x_(x), y_(y) {}

double Axes::pixelX(double x) const { return left_ + (x - x_.low) / (x_.high - x_.low) * width_; }

double Axes::pixelY(double y) const {
  return top_ + height_ - (y - y_.low) / (y_.high - y_.low) * height_;
}

void Axes::plot(const std::vector<double> &xs, const std::vector<double> &ys, Color color) {
  cairo_t *cairo = canvas_.cairo();
  cairo_save(cairo);
  cairo_set_source_rgb(cairo, color.red, color.green, color.blue);
  cairo_set_line_width(cairo, 2);
  cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND);
  bool drawing = false;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (std::isnan(ys[i])) {
      drawing = false;
      continue;
    }
    if (drawing)
      cairo_line_to(cairo, pixelX(xs[i]), pixelY(ys[i]));
    else
      cairo_move_to(cairo, pixelX(xs[i]), pixelY(ys[i]));
    drawing = true;
  }
  cairo_stroke(cairo);
  for (size_t i = 0; i < xs.size(); ++i)
    if (!std::isnan(ys[i])) {
      cairo_new_sub_path(cairo);
      cairo_arc(cairo, pixelX(xs[i]), pixelY(ys[i]), 4, 0, 2 * M_PI);
    }
  cairo_fill(cairo);
  cairo_restore(cairo);
}

void Axes::bar(double x0, double x1, double height, Color color) {
  const double left = std::round(pixelX(x0)), right = std::round(pixelX(x1));
  const double bottom = std::round(pixelY(0)), top = std::round(pixelY(height));
  canvas_.fillRect(left, top, right - left - 1, bottom - top, color);
}

void Axes::markX(double x, const std::string &label, Color color, bool labelBelow) {
  cairo_t *cairo = canvas_.cairo();
  cairo_save(cairo);
  const double dashes[] = {6, 4};
  cairo_set_dash(cairo, dashes, 2, 0);
  // On a pixel column's centre, so that the line is one solid column.
  const double column = std::floor(pixelX(x)) + 0.5;
  canvas_.line(column, top_, column, top_ + height_, color, 1);
  cairo_restore(cairo);
  const bool leftOfLine = column > left_ + width_ * 0.7;
  canvas_.text(column + (leftOfLine ? -5 : 5), labelBelow ? top_ + height_ - 8 : top_ + 18, label,
               kTickFont, leftOfLine ? Align::Right : Align::Left, color);
}

void Axes::legend(const std::vector<std::pair<std::string, Color>> &entries, bool lower) {
  double textW = 0;
  for (const auto &entry : entries)
    textW = std::max(textW, textWidth(canvas_, entry.first, kTickFont));
  const double rowH = 20, boxW = 46 + textW, boxH = rowH * entries.size() + 8;
  const double boxX = left_ + width_ - boxW - 10,
               boxY = lower ? top_ + height_ - boxH - 10 : top_ + 10;
  canvas_.fillRect(boxX, boxY, boxW, boxH, {1, 1, 1});
  canvas_.strokeRect(boxX + 0.5, boxY + 0.5, boxW, boxH, {0.8, 0.8, 0.8});
  for (size_t i = 0; i < entries.size(); ++i) {
    const double rowY = boxY + 4 + rowH * (i + 0.5);
    const Color color = entries[i].second;
    canvas_.line(boxX + 8, rowY, boxX + 32, rowY, color, 2);
    cairo_t *cairo = canvas_.cairo();
    cairo_set_source_rgb(cairo, color.red, color.green, color.blue);
    cairo_arc(cairo, boxX + 20, rowY, 4, 0, 2 * M_PI);
    cairo_fill(cairo);
    canvas_.text(boxX + 38, rowY + 5, entries[i].first, kTickFont);
  }
}

void Axes::finish(const std::string &xLabel, const std::string &yLabel, const std::string &title) {
  const double bottom = top_ + height_;
  // Just outside the plot area, on whole pixels.
  canvas_.strokeRect(left_ - 0.5, top_ - 0.5, width_ + 1, height_ + 1, kBlack, 1);

  double below = kTickLength + 4 + kTickFont; // from the frame to the x tick labels' baseline
  if (categories_.empty()) {
    double step;
    for (const double tick : ticks(x_, integerX_, step)) {
      const double px = pixelX(tick);
      canvas_.line(px, bottom, px, bottom + kTickLength, kBlack);
      canvas_.text(px, bottom + below, tickLabel(tick, step), kTickFont, Align::Center);
    }
  } else {
    double widest = 0;
    for (const std::string &name : categories_)
      widest = std::max(widest, textWidth(canvas_, name, kTickFont));
    const bool rotate = widest + 6 > pixelX(1) - pixelX(0);
    for (size_t c = 0; c < categories_.size(); ++c) {
      const double px = pixelX(static_cast<double>(c));
      canvas_.line(px, bottom, px, bottom + kTickLength, kBlack);
      if (rotate)
        canvas_.text(px + 4, bottom + kTickLength + 10, categories_[c], kTickFont, Align::Right,
                     kBlack, 45);
      else
        canvas_.text(px, bottom + below, categories_[c], kTickFont, Align::Center);
    }
    if (rotate)
      below = kTickLength + 10 + widest * std::sqrt(0.5);
  }
  canvas_.text(left_ + width_ / 2, bottom + below + kLabelFont + 8, xLabel, kLabelFont,
               Align::Center);

  double step, widest = 0;
  for (const double tick : ticks(y_, false, step)) {
    const double py = pixelY(tick);
    const std::string label = tickLabel(tick, step);
    widest = std::max(widest, textWidth(canvas_, label, kTickFont));
    canvas_.line(left_ - kTickLength, py, left_, py, kBlack);
    canvas_.text(left_ - kTickLength - 4, py + kTickFont * 0.35, label, kTickFont, Align::Right);
  }
  canvas_.text(left_ - kTickLength - 10 - widest, top_ + height_ / 2, yLabel, kLabelFont,
               Align::Center, kBlack, 90);
  if (!title.empty())
    canvas_.text(left_ + width_ / 2, top_ - 10, title, kTitleFont, Align::Center);
}

} // namespace cnn
