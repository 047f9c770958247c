// two-models: one C++17 program with two models linked statically, their weights compiled in. It
// needs no file of cnnc's at run time: no runtime library, no weights.
#include "fashion_cnn.h"
#include "mlp.h"

#include <cnn/cnn.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <vector>

namespace {

const char *const kClasses[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                  "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

struct DatasetDeleter {
  void operator()(cnn_dataset *dataset) const { cnn_dataset_destroy(dataset); }
};

// Prints "index model class probability name" for each sample of `probabilities`.
void report(const cnn::Model &model, const std::vector<float> &probabilities) {
  const size_t classes = model.outputSize();
  for (size_t n = 0; n * classes < probabilities.size(); ++n) {
    const float *p = probabilities.data() + n * classes;
    size_t best = 0;
    for (size_t c = 1; c < classes; ++c)
      if (p[c] > p[best])
        best = c;
    std::printf("%zu %s %zu %.7f %s\n", n, model.name().c_str(), best, p[best],
                best < 10 ? kClasses[best] : "?");
  }
}

} // namespace

int main(int argc, char **argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 10;
  try {
    cnn::Model book(cnnc_model_fashion_cnn());
    cnn::Model mlp(cnnc_model_mlp());
    cnn_dataset *loaded = nullptr;
    cnn::check(cnn_dataset_load("fashion-mnist", "test", &loaded));
    const std::unique_ptr<cnn_dataset, DatasetDeleter> test(loaded);
    int64_t shape[4];
    cnn_dataset_shape(test.get(), shape);
    if (count < 1 || count > shape[0]) {
      std::cerr << "two-models: the count must be 1.." << shape[0] << "\n";
      return 2;
    }
    const float *images = cnn_dataset_images(test.get());
    const std::vector<float> batch(images, images + count * book.inputSize());
    report(book, book.predict(batch));
    report(mlp, mlp.predict(batch));
  } catch (const cnn::Error &error) {
    std::cerr << "two-models: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
