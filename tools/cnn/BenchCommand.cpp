// cnn bench M.so: training and inference speed as one JSON line with the keys the peers print
// (../shared/peers): train_img_s (batch 32), infer_img_s (batch 256), latency_ms (batch 1).
#include "Commands.h"
#include "Data.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace cnn {
namespace {

struct BenchOptions {
  std::string modelPath;
  std::string data = "fashion-mnist";
  int64_t batches = 300;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The median over `repeats` runs of `run`, which handles `images` images, in images per second.
template <typename Run> double imagesPerSecond(int repeats, int64_t images, const Run &run) {
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    rates.push_back(static_cast<double>(images) / secondsSince(start));
  }
  return median(rates);
}

// Runs the model on consecutive batches of the training images, as the peers do.
class Batches {
public:
  Batches(const ModelLibrary &library, const Dataset &data, int64_t largest)
      : library_(library), data_(data) {
    if (data.count() < largest)
      throw UserError("cnn bench needs at least " + std::to_string(largest) + " images, got " +
                      std::to_string(data.count()));
    cnn_model *model = library.model();
    for (int o = 0; o < library.api().cnn_num_outputs(model); ++o) {
      const cnn_layer_info info = library.layerInfo(library.api().cnn_output_layer(model, o));
      int64_t size = largest;
      for (int d = 1; d < info.rank; ++d)
        size *= info.shape[d];
      buffers_.emplace_back(static_cast<size_t>(size));
      outputs_.push_back(buffers_.back().data());
    }
  }

  void trainStep(int64_t index, int64_t batch) {
    const int64_t first = start(index, batch);
    const float *inputs[] = {data_.images() + first * data_.imageSize()};
    library_.check(library_.api().cnn_train_step(library_.model(), batch, inputs,
                                                 data_.labels() + first,
                                                 static_cast<uint32_t>(index), nullptr, nullptr));
  }

  void forward(int64_t index, int64_t batch) {
    const float *inputs[] = {data_.images() + start(index, batch) * data_.imageSize()};
    library_.check(library_.api().cnn_forward(library_.model(), batch, inputs, outputs_.data()));
  }

private:
  int64_t start(int64_t index, int64_t batch) const {
    return index * batch % (data_.count() - batch + 1);
  }

  const ModelLibrary &library_;
  const Dataset &data_;
  std::vector<std::vector<float>> buffers_;
  std::vector<float *> outputs_;
};

void bench(const BenchOptions &options, int threads) {
  const ModelLibrary library(options.modelPath, threads);
  const CnnApi &api = library.api();
  library.check(api.cnn_init_params(library.model(), 42));
  const Dataset data(library, options.data, "train");
  Batches batches(library, data, 256);

  std::string line = "{\"peer\": \"cnnc\"";
  if (threads >= 0)
    line += ", \"threads\": " + std::to_string(threads);
  char number[64];
  if (api.cnn_can_train(library.model())) {
    for (int64_t b = 0; b < 20; ++b) // warm-up
      batches.trainStep(b, 32);
    const double rate = imagesPerSecond(3, options.batches * 32, [&] {
      for (int64_t b = 0; b < options.batches; ++b)
        batches.trainStep(b, 32);
    });
    std::snprintf(number, sizeof number, "%.0f", rate);
    line += ", \"train_img_s\": " + std::string(number);
  }
  for (int64_t b = 0; b < 3; ++b)
    batches.forward(b, 256);
  const double infer = imagesPerSecond(5, 20 * 256, [&] {
    for (int64_t b = 0; b < 20; ++b)
      batches.forward(b, 256);
  });
  std::vector<double> latencies;
  for (int64_t i = 0; i < 550; ++i) {
    const auto start = std::chrono::steady_clock::now();
    batches.forward(i, 1);
    if (i >= 50)
      latencies.push_back(secondsSince(start) * 1e3);
  }
  std::snprintf(number, sizeof number, ", \"infer_img_s\": %.0f, \"latency_ms\": %.4f}", infer,
                median(latencies));
  std::cout << line << number << "\n";
}

} // namespace

void addBenchCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "bench", "Print training and inference speed as one JSON line: train_img_s (batch 32, "
               "the model's optimizer; trainable libraries only), infer_img_s (batch 256), "
               "latency_ms (batch 1)");
  auto bench = std::make_shared<BenchOptions>();
  command->add_option("model", bench->modelPath, "The model library built by cnnc")->required();
  command
      ->add_option("--data", bench->data,
                   "fashion-mnist or a folder of IDX files; its training images are the input")
      ->capture_default_str();
  command->add_option("--batches", bench->batches, "Training steps per timed run (median of three)")
      ->capture_default_str()
      ->check(positiveNumber());
  addThreadsOption(*command, options);
  command->callback([bench, &options] { cnn::bench(*bench, options.threads); });
}

} // namespace cnn
