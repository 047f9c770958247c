// An MPI job that `cnn train` joins when mpirun started it, through the MPI module it loads then.
#ifndef CNN_TOOL_MPI_JOB_H
#define CNN_TOOL_MPI_JOB_H

#include "MpiModule.h"

#include "cnn/cnn.h"

#include <functional>

namespace cnn {

class MpiJob {
public:
  // Under mpirun (Open MPI's OMPI_COMM_WORLD_SIZE is set), loads libcnn_mpi.so beside libcnnrt
  // and starts MPI; otherwise rank 0 of 1 with no MPI at all. Throws UserError when the module
  // or MPI fails.
  MpiJob();
  MpiJob(const MpiJob &) = delete;
  MpiJob &operator=(const MpiJob &) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool joined() const { return finish_ != nullptr; }
  // The allreduce as the runtime's gradient reducer; null outside a job.
  cnn_gradient_reducer reducer() const { return sum_; }
  // Runs `work`, then MPI_Finalize. An exception ends the whole job: this rank prints it
  // ("cnn: error: rank 1 of 2: ...") and calls MPI_Abort, so that no other rank waits for it.
  // Outside a job, runs `work` alone.
  void run(const std::function<void()> &work);

private:
  int rank_ = 0, size_ = 1;
  cnn_gradient_reducer sum_ = nullptr;
  cnn_mpi_finish_fn finish_ = nullptr;
  cnn_mpi_abort_fn abort_ = nullptr;
};

} // namespace cnn

#endif // CNN_TOOL_MPI_JOB_H
