// cnn bench M.so: training and inference speed as one JSON line with the keys the peers print
// (../shared/peers): train_img_s (batch 32 unless --train-batch), infer_img_s (batch 256),
// latency_ms (batch 1); with --layers, then one JSON line per kernel from the runtime's profiling
// counters.
#include "Commands.h"
#include "Data.h"
#include "MpiJob.h"

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
  int64_t trainBatch = 32;
  bool layers = false;
  bool trainOnly = false;
  Parallelism parallelism;
};

constexpr int64_t kInferBatch = 256;

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

// Runs the model on consecutive batches of the training images, as the peers do; under mpirun
// each rank trains on its share of every batch.
class Batches {
public:
  Batches(const ModelLibrary &library, const Dataset &data, int64_t largest, const MpiJob &job)
      : library_(library), data_(data), job_(job) {
    if (data.count() < largest)
      throw UserError("cnn bench needs at least " + std::to_string(largest) + " images, got " +
                      std::to_string(data.count()));
    cnn_model *model = library.model();
    for (int o = 0; o < cnn_num_outputs(model); ++o) {
      const cnn_layer_info info = library.layerInfo(cnn_output_layer(model, o));
      int64_t size = largest;
      for (int d = 1; d < info.rank; ++d)
        size *= info.shape[d];
      buffers_.emplace_back(static_cast<size_t>(size));
      outputs_.push_back(buffers_.back().data());
    }
  }

  void trainStep(int64_t index, int64_t batch) {
    const int64_t begin = batch * job_.rank() / job_.size();
    const int64_t first = start(index, batch) + begin;
    const std::vector<const float *> inputs = data_.inputsFrom(first);
    library_.check(cnn_train_step(library_.model(), batch * (job_.rank() + 1) / job_.size() - begin,
                                  inputs.data(), data_.labels() + first,
                                  static_cast<uint32_t>(index), nullptr, nullptr));
  }

  void forward(int64_t index, int64_t batch) {
    const std::vector<const float *> inputs = data_.inputsFrom(start(index, batch));
    library_.check(cnn_forward(library_.model(), batch, inputs.data(), outputs_.data()));
  }

private:
  int64_t start(int64_t index, int64_t batch) const {
    return index * batch % (data_.count() - batch + 1);
  }

  const ModelLibrary &library_;
  const Dataset &data_;
  const MpiJob &job_;
  std::vector<std::vector<float>> buffers_;
  std::vector<float *> outputs_;
};

// One JSON line per kernel that ran while profiling was on: its time per call and, for kernels
// with floating-point work, that work per call and its GFLOP/s.
void printProfile(const ModelLibrary &library, int64_t trainBatch) {
  for (int i = 0; i < cnn_profile_count(library.model()); ++i) {
    cnn_profile_info info;
    library.check(cnn_profile_entry(library.model(), i, &info));
    if (info.calls == 0)
      continue;
    const bool inference = std::string(info.phase) == "inference";
    char numbers[128];
    std::snprintf(numbers, sizeof numbers, "\"batch\": %d, \"ms\": %.4f",
                  static_cast<int>(inference ? kInferBatch : trainBatch),
                  info.seconds / static_cast<double>(info.calls) * 1e3);
    std::string line = "{\"kernel\": \"" + std::string(info.name) + "\", \"phase\": \"" +
                       info.phase + "\", " + numbers;
    if (info.flops > 0 && info.seconds > 0) {
      std::snprintf(numbers, sizeof numbers, ", \"flops\": %.0f, \"gflop_s\": %.2f",
                    info.flops / static_cast<double>(info.calls), info.flops / info.seconds / 1e9);
      line += numbers;
    }
    std::cout << line << "}\n";
  }
}

// Profiles min(100, --batches) training steps and min(20, --batches) inference batches, every
// kernel on the whole batch across the threads (kernel-parallel), whatever --parallel says.
void profileKernels(const ModelLibrary &library, const BenchOptions &options, Batches &batches) {
  if (cnn_can_train(library.model())) {
    library.check(cnn_set_replicas(library.model(), 1));
    library.check(cnn_set_micro_batch(library.model(), options.trainBatch));
  }
  library.check(cnn_set_profiling(library.model(), 1));
  if (cnn_can_train(library.model()))
    for (int64_t b = 0; b < std::min<int64_t>(100, options.batches); ++b)
      batches.trainStep(b, options.trainBatch);
  for (int64_t b = 0; b < std::min<int64_t>(20, options.batches); ++b)
    batches.forward(b, kInferBatch);
  library.check(cnn_set_profiling(library.model(), 0));
  printProfile(library, options.trainBatch);
}

// The MPI job's allreduce, timed.
struct TimedReducer {
  cnn_gradient_reducer sum;
  double seconds = 0.0;
  int64_t calls = 0;

  static int call(void *user, float *data, int64_t count) {
    auto &timed = *static_cast<TimedReducer *>(user);
    const auto start = std::chrono::steady_clock::now();
    const int status = timed.sum(nullptr, data, count);
    timed.seconds += secondsSince(start);
    ++timed.calls;
    return status;
  }
};

void bench(const BenchOptions &options, int threads, const MpiJob &job) {
  if (job.rank() != 0)
    std::cout.setstate(std::ios::badbit); // rank 0 alone prints
  const ModelLibrary library(options.modelPath, threads);
  library.setTrainingParallelism(options.parallelism.mode, threads, options.parallelism.microBatch);
  library.check(cnn_init_params(library.model(), 42));
  TimedReducer reducer{job.reducer()};
  if (job.joined())
    library.check(cnn_set_gradient_reducer(library.model(), TimedReducer::call, &reducer));
  DataSource source;
  source.data = options.data;
  const Dataset data = loadDataset(library, source, "train", Labels::Required);
  Batches batches(library, data, std::max(kInferBatch, options.trainBatch), job);

  std::string line = "{\"peer\": \"cnnc\"";
  if (threads >= 0)
    line += ", \"threads\": " + std::to_string(threads);
  if (job.joined())
    line += ", \"ranks\": " + std::to_string(job.size());
  if (cnn_can_train(library.model()))
    line += ", \"parallel\": \"" + options.parallelism.mode +
            "\", \"replicas\": " + std::to_string(cnn_replicas(library.model())) +
            ", \"micro_batch\": " + std::to_string(cnn_micro_batch(library.model())) +
            ", \"train_batch\": " + std::to_string(options.trainBatch);
  char number[64];
  if (cnn_can_train(library.model())) {
    for (int64_t b = 0; b < 20; ++b) // warm-up
      batches.trainStep(b, options.trainBatch);
    const double rate = imagesPerSecond(3, options.batches * options.trainBatch, [&] {
      for (int64_t b = 0; b < options.batches; ++b)
        batches.trainStep(b, options.trainBatch);
    });
    std::snprintf(number, sizeof number, "%.0f", rate);
    line += ", \"train_img_s\": " + std::string(number);
    if (reducer.calls > 0) {
      std::snprintf(number, sizeof number, "%.4f", reducer.seconds / reducer.calls * 1e3);
      line += ", \"allreduce_ms\": " + std::string(number);
    }
  }
  if (options.trainOnly) {
    std::cout << line << "}\n";
    return;
  }
  for (int64_t b = 0; b < 3; ++b)
    batches.forward(b, kInferBatch);
  const double infer = imagesPerSecond(5, 20 * kInferBatch, [&] {
    for (int64_t b = 0; b < 20; ++b)
      batches.forward(b, kInferBatch);
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
  if (options.layers)
    profileKernels(library, options, batches);
}

} // namespace

void addBenchCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "bench",
      "Print training and inference speed as one JSON line: train_img_s (--train-batch, 32 by "
      "default; the model's optimizer; trainable libraries only), infer_img_s (batch 256), "
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
  command->add_option("--train-batch", bench->trainBatch, "The training batch size")
      ->capture_default_str()
      ->check(positiveNumber());
  addParallelOption(*command, bench->parallelism);
  command->add_flag("--train-only", bench->trainOnly,
                    "Measure training alone (under mpirun: every rank on its share of each "
                    "batch, with allreduce_ms, the mean time of the allreduce per step)");
  command->add_flag("--layers", bench->layers,
                    "Then profile min(100, --batches) training steps (batch 32) and min(20, "
                    "--batches) inference batches (batch 256) and print one JSON line per kernel: "
                    "kernel, phase, batch, ms per call, and for kernels with matrix work flops "
                    "per call and gflop_s");
  addThreadsOption(*command, options);
  command->callback([bench, &options] {
    MpiJob job;
    job.run([&] { cnn::bench(*bench, options.threads, job); });
  });
}

} // namespace cnn
