// The blocked sum an op's kernel computes, as the tiling cost model sees it.
#ifndef CNNC_IR_SUMSHAPE_H
#define CNNC_IR_SUMSHAPE_H

#include <cstdint>

namespace cnnc::cnn {

/// A sum per output element: the output's channels (vectorized) and its two blockable
/// dimensions, and the length of the reduction behind each element.
struct SumShape {
  int64_t channels, extent1, extent2, reduction;
  // A convolution kernel gradient's tile spans whole kernel rows (dimension 2), whose taps read
  // neighbouring input pixels, and among equal tiles takes the most channels, each input value
  // broadcast serving more of them; image tiles take the longest rows, fewer tiles meeting the
  // image's edges.
  bool kernelTaps = false;
  int64_t extent3 = 1;  // a kernel gradient's rows, blocked too when its input channels are few
  int64_t poolRows = 0; // a fused op's pooling window rows, the most a tile may hold
};

} // namespace cnnc::cnn

#endif // CNNC_IR_SUMSHAPE_H
