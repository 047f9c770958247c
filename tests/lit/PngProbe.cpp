// png-probe: reads a PNG through cairo and prints what the plot tests check.
//   png-probe FILE                        -> "WIDTH HEIGHT"
//   png-probe FILE X Y                    -> "R G B" of one pixel (0..255)
//   png-probe FILE count R G B X0 Y0 X1 Y1 -> pixels of that colour (within 8 per channel) in
//                                            the rectangle [X0, X1) x [Y0, Y1)
//   png-probe FILE columns R G B X0 Y0 X1 Y1 -> per column, the pixels of that colour
#include <cairo.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Image {
  cairo_surface_t *surface;
  int width, height, stride;
  const unsigned char *data;

  void rgb(int x, int y, int out[3]) const {
    const uint32_t pixel = *reinterpret_cast<const uint32_t *>(data + y * stride + 4 * x);
    out[0] = (pixel >> 16) & 0xff;
    out[1] = (pixel >> 8) & 0xff;
    out[2] = pixel & 0xff;
  }
  bool matches(int x, int y, const int want[3]) const {
    int got[3];
    rgb(x, y, got);
    for (int c = 0; c < 3; ++c)
      if (std::abs(got[c] - want[c]) > 8)
        return false;
    return true;
  }
};

int usage() {
  std::fprintf(stderr, "usage: png-probe FILE [X Y | count|columns R G B X0 Y0 X1 Y1]\n");
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return usage();
  Image image;
  image.surface = cairo_image_surface_create_from_png(argv[1]);
  if (cairo_surface_status(image.surface) != CAIRO_STATUS_SUCCESS) {
    std::fprintf(stderr, "png-probe: cannot read %s\n", argv[1]);
    return 1;
  }
  image.width = cairo_image_surface_get_width(image.surface);
  image.height = cairo_image_surface_get_height(image.surface);
  image.stride = cairo_image_surface_get_stride(image.surface);
  image.data = cairo_image_surface_get_data(image.surface);
  if (argc == 2) {
    std::printf("%d %d\n", image.width, image.height);
  } else if (argc == 4) {
    int rgb[3];
    image.rgb(std::atoi(argv[2]), std::atoi(argv[3]), rgb);
    std::printf("%d %d %d\n", rgb[0], rgb[1], rgb[2]);
  } else if (argc == 10) {
    const std::string mode = argv[2];
    const int want[3] = {std::atoi(argv[3]), std::atoi(argv[4]), std::atoi(argv[5])};
    const int x0 = std::atoi(argv[6]), y0 = std::atoi(argv[7]), x1 = std::atoi(argv[8]),
              y1 = std::atoi(argv[9]);
    long total = 0;
    for (int x = x0; x < x1; ++x) {
      long column = 0;
      for (int y = y0; y < y1; ++y)
        column += image.matches(x, y, want);
      if (mode == "columns")
        std::printf("%ld\n", column);
      total += column;
    }
    if (mode == "count")
      std::printf("%ld\n", total);
    else if (mode != "columns")
      return usage();
  } else {
    return usage();
  }
  cairo_surface_destroy(image.surface);
  return 0;
}
