// Matplotlib-style axes on a Canvas: the data-to-pixel mapping, ticks, labels, legend and marks.
#ifndef CNN_TOOL_CHART_H
#define CNN_TOOL_CHART_H

#include "Canvas.h"

#include <string>
#include <utility>
#include <vector>

namespace cnn {

// Matplotlib's first default colours (tab:blue, tab:orange, tab:red).
inline constexpr Color kBlue{0.122, 0.467, 0.706};
inline constexpr Color kOrange{1.0, 0.498, 0.055};
inline constexpr Color kRed{0.839, 0.153, 0.157};

struct Interval {
  double low, high;
};

// The smallest and largest of `values`, NaNs skipped; {0, 1} when none is a number.
Interval extent(const std::vector<double> &values);
// `range` widened by 5% on each side, as matplotlib's autoscaling does (1 each side when empty).
Interval withMargins(Interval range);

class Axes {
public:
  // The plot area at (left, top), `width` x `height` pixels, showing `x` by `y` in data units.
  Axes(Canvas &canvas, double left, double top, double width, double height, Interval x,
       Interval y);

  double pixelX(double x) const;
  double pixelY(double y) const;

  // A polyline with circle markers; NaN points are skipped and break the line.
  void plot(const std::vector<double> &xs, const std::vector<double> &ys, Color color);
  // A bar from x0 to x1 and from 0 to `height`, on whole pixels; its last pixel column stays white
  // so that adjacent bars stay apart.
  void bar(double x0, double x1, double height, Color color);
  // A dashed vertical line across the plot area with `label` beside its top (or bottom).
  void markX(double x, const std::string &label, Color color, bool labelBelow = false);
  // A framed legend in the upper (or lower) right corner: a line and marker per entry.
  void legend(const std::vector<std::pair<std::string, Color>> &entries, bool lower = false);

  // Integer-only x ticks (epochs), or one tick per category at 0, 1, ... with these labels,
  // rotated by 45 degrees when they would overlap.
  void integerXTicks() { integerX_ = true; }
  void categoryXTicks(std::vector<std::string> names) { categories_ = std::move(names); }
  // The frame, the ticks with their labels, the axis labels and the title; call it last.
  void finish(const std::string &xLabel, const std::string &yLabel, const std::string &title = "");

private:
  Canvas &canvas_;
  double left_, top_, width_, height_;
  Interval x_, y_;
  bool integerX_ = false;
  std::vector<std::string> categories_;
};

} // namespace cnn

#endif // CNN_TOOL_CHART_H
