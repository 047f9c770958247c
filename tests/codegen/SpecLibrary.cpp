// Compiling a test spec with the real cnnc, and the random values the tests feed it.
#include "SpecLibrary.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace cnnc::test {
namespace {

std::filesystem::path scratchDir() {
  return std::filesystem::temp_directory_path() / ("cnnc-tests-" + std::to_string(getpid()));
}

} // namespace

std::string compileSpec(const ModelSpec &spec) {
  auto dir = scratchDir();
  std::filesystem::create_directories(dir);
  std::string source = (dir / (spec.name + ".cnn")).string();
  std::string library = (dir / (spec.name + ".so")).string();
  std::ofstream(source) << spec.source();
  std::string command = std::string(CNNC_BINARY) + " " + source + " -o " + library;
  EXPECT_EQ(std::system(command.c_str()), 0) << command << "\n" << spec.source();
  return library;
}

void removeScratch() { std::filesystem::remove_all(scratchDir()); }

std::vector<double> randomValues(int64_t count, std::mt19937 &rng, double scale) {
  std::uniform_real_distribution<double> dist(-scale, scale);
  std::vector<double> values(count);
  for (double &v : values)
    v = (float)dist(rng);
  return values;
}

std::vector<float> toFloat(const std::vector<double> &values) {
  return std::vector<float>(values.begin(), values.end());
}

} // namespace cnnc::test
