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

std::string compileSpec(const ModelSpec &spec) { return compileText(spec.name, spec.source()); }

std::string compileText(const std::string &name, const std::string &text,
                        const std::string &extension) {
  auto dir = scratchDir();
  std::filesystem::create_directories(dir);
  std::string source = (dir / (name + extension)).string();
  std::string library = (dir / (name + ".so")).string();
  std::ofstream(source) << text;
  // With CNNC_TEST_SCHEDULE_SEED, every kernel takes a random valid schedule instead of the
  // cost model's (cnn-sample-schedules), so that the numerics hold for any schedule.
  std::string input = source;
  if (const char *seed = std::getenv("CNNC_TEST_SCHEDULE_SEED")) {
    input = (dir / (name + ".sampled.mlir")).string();
    std::string sample = std::string(CNNC_BINARY) + " --emit=mlir " + source + " | " +
                         CNN_OPT_BINARY +
                         " '--pass-pipeline=cnn-build-training-graph,cnn-fuse-conv-relu-pool,"
                         "cnn-choose-tiling,cnn-sample-schedules{seed=" +
                         seed + "}' -o " + input;
    EXPECT_EQ(std::system(sample.c_str()), 0) << sample << "\n" << text;
  }
  // Compiled afresh, and nothing left in the user's compile cache.
  std::string command = std::string(CNNC_BINARY) + " --no-cache " + input + " -o " + library;
  EXPECT_EQ(std::system(command.c_str()), 0) << command << "\n" << text;
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

SpecInputs randomInputs(const ModelSpec &spec, int64_t batch, std::mt19937 &rng) {
  SpecInputs inputs;
  for (const LayerSpec &l : spec.layers) {
    if (l.kind != Kind::Input)
      continue;
    std::vector<int64_t> shape{batch};
    shape.insert(shape.end(), l.shape.begin(), l.shape.end());
    Tensor t(shape);
    t.data = randomValues(t.size(), rng, 1.0);
    inputs.data.push_back(toFloat(t.data));
    inputs.tensors[l.name] = std::move(t);
  }
  for (auto &data : inputs.data)
    inputs.pointers.push_back(data.data());
  return inputs;
}

ModelSpec dropoutClassifierSpec(const std::string &name, int64_t filters) {
  return {name,
          {input("x", {12, 12, 1}), conv("c", "x", filters, {3, 3, 1, 1, true}, Act::Relu),
           pool("p", "c", {2, 2, 2, 2, false}, true), unary(Kind::Flatten, "f", "p"),
           dense("d", "f", 32, Act::Relu), unary(Kind::Dropout, "drop", "d"),
           dense("out", "drop", 10, Act::Softmax)},
          {"out"}};
}

std::vector<float> allParams(const cnn::ModelLibrary &library, bool gradients) {
  std::vector<float> all;
  for (int p = 0; p < cnn_num_params(library.model()); ++p) {
    cnn_tensor_info info;
    library.check(cnn_param_info(library.model(), p, &info));
    size_t count = 1;
    for (int d = 0; d < info.rank; ++d)
      count *= static_cast<size_t>(info.shape[d]);
    std::vector<float> values(count);
    library.check(gradients ? cnn_get_gradient(library.model(), info.name, values.data(), count)
                            : cnn_get_param(library.model(), info.name, values.data(), count));
    all.insert(all.end(), values.begin(), values.end());
  }
  return all;
}

SpecParams setRandomParams(const cnn::ModelLibrary &library, std::mt19937 &rng) {
  SpecParams params;
  for (int i = 0; i < cnn_num_params(library.model()); ++i) {
    cnn_tensor_info info;
    library.check(cnn_param_info(library.model(), i, &info));
    Tensor t(std::vector<int64_t>(info.shape, info.shape + info.rank));
    t.data = randomValues(t.size(), rng, 0.5);
    library.check(cnn_set_param(library.model(), info.name, toFloat(t.data).data(), t.size()));
    params.names.push_back(info.name);
    params.tensors[info.name] = std::move(t);
  }
  return params;
}

} // namespace cnnc::test
