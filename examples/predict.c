/* Links a model compiled by cnnc into a C program: load weights (or initialise them), classify. */
#include "fashion_cnn.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const kClasses[10] = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                         "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                         "Bag",         "Ankle boot"};

static int fail(const char *what) {
  fprintf(stderr, "predict: %s: %s\n", what, cnn_last_error());
  return 1;
}

/* Usage: predict [weights.safetensors]. Classifies a blank image and an all-white one. */
int main(int argc, char **argv) {
  cnn_model *model = NULL;
  if (cnn_create(&model) != CNN_OK)
    return fail("create");
  cnn_status status = argc > 1 ? cnn_load_weights(model, argv[1]) : cnn_init_params(model, 42);
  if (status != CNN_OK)
    return fail("weights");

  enum { kBatch = 2 };
  static float images[kBatch * FASHION_CNN_INPUT_0_SIZE];
  for (int i = 0; i < FASHION_CNN_INPUT_0_SIZE; ++i)
    images[FASHION_CNN_INPUT_0_SIZE + i] = 1.0f;
  float probabilities[kBatch * FASHION_CNN_OUTPUT_0_SIZE];
  const float *inputs[] = {images};
  float *outputs[] = {probabilities};
  if (cnn_forward(model, kBatch, inputs, outputs) != CNN_OK)
    return fail("forward");

  for (int n = 0; n < kBatch; ++n) {
    const float *p = probabilities + n * FASHION_CNN_OUTPUT_0_SIZE;
    int best = 0;
    for (int c = 1; c < FASHION_CNN_OUTPUT_0_SIZE; ++c)
      if (p[c] > p[best])
        best = c;
    printf("image %d: %s (%.3f)\n", n, kClasses[best], p[best]);
  }
  cnn_destroy(model);
  return 0;
}
