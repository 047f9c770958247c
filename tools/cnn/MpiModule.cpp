// libcnn_mpi.so: Open MPI's allreduce as the runtime's gradient reducer, for `mpirun cnn train`.
#include "MpiModule.h"

#include "cnn/cnn.h"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdio>

extern "C" {

int cnn_mpi_start(int *rank, int *size, char *message, size_t length) {
  int status = MPI_Init(nullptr, nullptr);
  if (status == MPI_SUCCESS)
    status = MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  if (status == MPI_SUCCESS)
    status = MPI_Comm_rank(MPI_COMM_WORLD, rank);
  if (status == MPI_SUCCESS)
    status = MPI_Comm_size(MPI_COMM_WORLD, size);
  if (status != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int textLength = 0;
    MPI_Error_string(status, text, &textLength);
    std::snprintf(message, length, "MPI could not start: %s", text);
  }
  return status;
}

int cnn_mpi_sum(void *, float *data, int64_t count) {
  // MPI counts are ints: a larger buffer goes in pieces.
  for (int64_t done = 0; done < count;) {
    const int piece = static_cast<int>(std::min<int64_t>(count - done, INT_MAX));
    const int status =
        MPI_Allreduce(MPI_IN_PLACE, data + done, piece, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    if (status != MPI_SUCCESS)
      return status;
    done += piece;
  }
  return 0;
}

void cnn_mpi_finish(void) { MPI_Finalize(); }

void cnn_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

} // extern "C"

// The reducer has the runtime's signature (this does not compile otherwise).
[[maybe_unused]] constexpr cnn_gradient_reducer kReducer = &cnn_mpi_sum;
