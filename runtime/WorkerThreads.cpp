// The worker threads' rounds, and Halide's parallel loops run serially on a worker's thread.
#include "WorkerThreads.h"

#include <HalideRuntime.h>

#include <chrono>

namespace cnnrt {
namespace {

thread_local bool kernelsSerial = false;

// Waits up to about 50 us for `ready` before a thread blocks: rounds follow each other within
// microseconds in training, and waking a sleeping thread costs as much.
template <typename Ready> bool spinFor(const Ready &ready) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
  while (!ready())
    if (std::chrono::steady_clock::now() > until)
      return false;
  return true;
}

// Halide's do_par_for for every kernel of the process: the default pool, except on a worker
// running its task, which does the loop's iterations itself in order.
int serialOnWorkers(void *context, halide_task_t task, int min, int size, uint8_t *closure) {
  if (!kernelsSerial)
    return halide_default_do_par_for(context, task, min, size, closure);
  for (int i = min; i < min + size; ++i)
    if (int status = task(context, i, closure))
      return status;
  return 0;
}

// Makes the calling thread's kernels serial while it lives.
class SerialKernels {
public:
  SerialKernels() : was_(kernelsSerial) { kernelsSerial = true; }
  ~SerialKernels() { kernelsSerial = was_; }
  SerialKernels(const SerialKernels &) = delete;
  SerialKernels &operator=(const SerialKernels &) = delete;

private:
  bool was_;
};

} // namespace

WorkerThreads::WorkerThreads(int workers) : errors_(static_cast<size_t>(workers)) {
  static std::once_flag installed;
  std::call_once(installed, [] { halide_set_custom_do_par_for(serialOnWorkers); });
  for (int w = 1; w < workers; ++w)
    threads_.emplace_back([this, w] { serve(w); });
}

WorkerThreads::~WorkerThreads() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread &thread : threads_)
    thread.join();
}

void WorkerThreads::run(const std::function<void(int)> &task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    running_ = static_cast<int>(threads_.size());
    ++round_;
  }
  wake_.notify_all();
  std::exception_ptr error;
  try {
    SerialKernels serial;
    task(0);
  } catch (...) {
    error = std::current_exception();
  }
  spinFor([this] { return running_ == 0; });
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return running_ == 0; });
  errors_[0] = error;
  for (std::exception_ptr &thrown : errors_)
    if (thrown) {
      std::exception_ptr first = thrown;
      for (std::exception_ptr &each : errors_)
        each = nullptr;
      std::rethrow_exception(first);
    }
}

void WorkerThreads::serve(int worker) {
  SerialKernels serial;
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(int)> *task;
    spinFor([&] { return stopping_ || round_ != seen; });
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || round_ != seen; });
      if (stopping_)
        return;
      seen = round_;
      task = task_;
    }
    std::exception_ptr error;
    try {
      (*task)(worker);
    } catch (...) {
      error = std::current_exception();
    }
    finish(worker, error);
  }
}

void WorkerThreads::finish(int worker, std::exception_ptr error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    errors_[static_cast<size_t>(worker)] = error;
    --running_;
  }
  done_.notify_one();
}

} // namespace cnnrt
