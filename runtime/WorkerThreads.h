// Threads that run one task per worker at once, each worker's kernels serially on its own core.
#ifndef CNNRT_WORKER_THREADS_H
#define CNNRT_WORKER_THREADS_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cnnrt {

class WorkerThreads {
public:
  // `workers` - 1 threads; the caller of run() is worker 0. While a worker runs its task, the
  // parallel loops of the kernels it calls run serially on its thread rather than in Halide's
  // pool, so that the workers do not compete for the pool's threads.
  explicit WorkerThreads(int workers);
  ~WorkerThreads();
  WorkerThreads(const WorkerThreads &) = delete;
  WorkerThreads &operator=(const WorkerThreads &) = delete;

  int workers() const { return static_cast<int>(threads_.size()) + 1; }
  // Runs task(w) for every worker w at once and waits for them all; then rethrows the exception
  // of the lowest-numbered worker that threw, if any.
  void run(const std::function<void(int)> &task);

private:
  void serve(int worker);
  void finish(int worker, std::exception_ptr error);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)> *task_ = nullptr;
  // Written under mutex_, read also without it while a thread spins before it sleeps.
  std::atomic<uint64_t> round_{0}; // run() calls so far, which wake the threads
  std::atomic<int> running_{0};    // threads still on this round's task
  std::atomic<bool> stopping_{false};
  std::vector<std::exception_ptr> errors_;
};

} // namespace cnnrt

#endif // CNNRT_WORKER_THREADS_H
