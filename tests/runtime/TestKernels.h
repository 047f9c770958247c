// Reading halide_buffer_t arguments in the hand-written test kernels, and the kernels that more
// than one test model uses.
//
// Elements are found through each buffer's dim[] mins, extents and strides, so a buffer described
// in the wrong dimension order makes a kernel fail or compute something else.
#ifndef CNN_TESTS_RUNTIME_TEST_KERNELS_H
#define CNN_TESTS_RUNTIME_TEST_KERNELS_H

#include "cnn/model_desc.h"

#include <HalideRuntime.h>

// Reports `message` through halide_error, as a generated kernel does, and returns its failure.
inline int fail(const char *message) {
  halide_error(nullptr, message);
  return -1;
}

inline bool isFloat32(const halide_buffer_t *buffer) {
  return buffer->type.code == halide_type_float && buffer->type.bits == 32 &&
         buffer->type.lanes == 1;
}

// The element at `coords` (Halide order).
template <typename T = float> T &at(const halide_buffer_t *buffer, const int *coords) {
  int64_t offset = 0;
  for (int d = 0; d < buffer->dimensions; ++d)
    offset += int64_t(coords[d] - buffer->dim[d].min) * buffer->dim[d].stride;
  return reinterpret_cast<T *>(buffer->host)[offset];
}

inline int extent(const halide_buffer_t *buffer, int d) { return buffer->dim[d].extent; }

// Calls body(coords) for every element of `buffer`.
template <typename Body> void forEach(const halide_buffer_t *buffer, Body body) {
  int coords[CNN_MAX_RANK] = {};
  for (int d = 0; d < buffer->dimensions; ++d)
    coords[d] = buffer->dim[d].min;
  for (;;) {
    body(coords);
    int d = 0;
    while (d < buffer->dimensions && ++coords[d] == buffer->dim[d].min + extent(buffer, d)) {
      coords[d] = buffer->dim[d].min;
      ++d;
    }
    if (d == buffer->dimensions)
      return;
  }
}

inline halide_buffer_t *buffer(void **args, int index) {
  return static_cast<halide_buffer_t *>(args[index]);
}

// args: a, b, output of the same extents; output = a + b.
int addKernel(void **args);
// args: input [i, n], kernel [j, i], bias [j], output [j, n].
int denseKernel(void **args);
// args: input [j, n], output [j, n] (may be the same buffer); the softmax over j.
int softmaxKernel(void **args);

#endif // CNN_TESTS_RUNTIME_TEST_KERNELS_H
