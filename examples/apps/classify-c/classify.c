/* classify: a C99 program linking a model compiled by cnnc and the shared runtime. It loads the
 * weights file, then classifies the first N Fashion-MNIST test images in one batch. */
#include "fashion_cnn.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const kClasses[10] = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                         "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                         "Bag",         "Ankle boot"};

static int fail(const char *what) {
  fprintf(stderr, "classify: %s: %s\n", what, cnn_last_error());
  return 1;
}

/* The index of the largest of `count` floats. */
static int largest(const float *values, int count) {
  int best = 0;
  for (int i = 1; i < count; ++i)
    if (values[i] > values[best])
      best = i;
  return best;
}

/* Prints "index class probability name" for each image; returns 0, or 1 after an error. */
static int classify(cnn_model *model, const cnn_dataset *test, int64_t count) {
  float *probabilities = malloc((size_t)count * FASHION_CNN_OUTPUT_0_SIZE * sizeof(float));
  if (!probabilities) {
    fprintf(stderr, "classify: out of memory\n");
    return 1;
  }
  const float *inputs[] = {cnn_dataset_images(test)};
  float *outputs[] = {probabilities};
  int status = 0;
  if (cnn_forward(model, count, inputs, outputs) != CNN_OK)
    status = fail("forward");
  for (int64_t n = 0; status == 0 && n < count; ++n) {
    const float *p = probabilities + n * FASHION_CNN_OUTPUT_0_SIZE;
    const int best = largest(p, FASHION_CNN_OUTPUT_0_SIZE);
    printf("%lld %d %.7f %s\n", (long long)n, best, p[best], best < 10 ? kClasses[best] : "?");
  }
  free(probabilities);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: classify WEIGHTS.safetensors [N]\n"
                    "  classifies the first N (default 10) Fashion-MNIST test images\n");
    return 2;
  }
  const int64_t wanted = argc == 3 ? atoll(argv[2]) : 10;
  cnn_model *model = NULL;
  if (cnn_create(cnnc_model_fashion_cnn(), &model) != CNN_OK)
    return fail("create");
  cnn_dataset *test = NULL;
  int status = 0;
  if (cnn_load_weights(model, argv[1]) != CNN_OK)
    status = fail("weights");
  else if (cnn_dataset_load("fashion-mnist", "test", &test) != CNN_OK)
    status = fail("data");
  if (status == 0) {
    int64_t shape[4];
    cnn_dataset_shape(test, shape);
    if (wanted < 1 || wanted > shape[0]) {
      fprintf(stderr, "classify: N must be 1..%lld\n", (long long)shape[0]);
      status = 1;
    } else {
      status = classify(model, test, wanted);
    }
  }
  cnn_dataset_destroy(test);
  cnn_destroy(model);
  return status;
}
