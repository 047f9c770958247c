// The book's trained Keras models compiled by cnnc: their first conv kernel, read back through
// the C API, has the statistics the book prints.
#include "ModelLibrary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

struct KernelStats {
  double mean, std;
};

/// Compiles a Keras file with cnnc and returns conv2d.kernel's mean and standard deviation.
KernelStats conv1Stats(const std::string &kerasFile) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cnnc-imported-" + std::to_string(getpid()) + "-" +
              std::filesystem::path(kerasFile).extension().string().substr(1));
  std::filesystem::create_directories(dir);
  std::string library = (dir / "m.so").string();
  // Compiled afresh, and nothing left in the user's compile cache.
  std::string command = std::string(CNNC_BINARY) + " --no-cache " + kerasFile + " -o " + library;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;

  cnn::ModelLibrary model(library, 0);
  model.check(cnn_load_weights(model.model(), (dir / "m.safetensors").c_str()));
  std::vector<float> kernel(3 * 3 * 1 * 32);
  model.check(cnn_get_param(model.model(), "conv2d.kernel", kernel.data(), kernel.size()));
  std::filesystem::remove_all(dir);

  double sum = 0, squares = 0;
  for (float v : kernel)
    sum += v;
  double mean = sum / kernel.size();
  for (float v : kernel)
    squares += (v - mean) * (v - mean);
  return {mean, std::sqrt(squares / kernel.size())};
}

/// Skipped where the checkout has no models folder beside it.
class ImportedWeights : public testing::Test {
protected:
  void SetUp() override {
    if (!std::filesystem::exists(CNNC_MODELS_DIR "/best-cnn-model.keras"))
      GTEST_SKIP() << "the book's models are not in " CNNC_MODELS_DIR;
  }
};

TEST_F(ImportedWeights, KerasThreeFileHasTheBooksConvKernelStatistics) {
  KernelStats stats = conv1Stats(CNNC_MODELS_DIR "/best-cnn-model.keras");
  EXPECT_NEAR(stats.mean, -0.014383553, 1e-8);
  EXPECT_NEAR(stats.std, 0.23351653, 1e-7);
}

TEST_F(ImportedWeights, KerasTwoFileHasItsConvKernelStatistics) {
  KernelStats stats = conv1Stats(CNNC_MODELS_DIR "/best-cnn-model.h5");
  EXPECT_NEAR(stats.mean, -0.024941159, 1e-8);
  EXPECT_NEAR(stats.std, 0.24951957, 1e-7);
}

} // namespace
