// The C interface of libcnn_mpi.so, the cnn tool's MPI engine, which cnn loads only when run
// under mpirun, so that cnn itself needs no MPI library.
#ifndef CNN_TOOL_MPI_MODULE_H
#define CNN_TOOL_MPI_MODULE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNN_MPI_MODULE "libcnn_mpi.so"

/* MPI_Init, then this process's rank and the job's size in MPI_COMM_WORLD, whose errors are
 * made to return rather than abort. Returns 0, or nonzero with a message in `message`. */
typedef int (*cnn_mpi_start_fn)(int *rank, int *size, char *message, size_t length);
#define CNN_MPI_START "cnn_mpi_start"
/* The gradient reducer (cnn.h's cnn_gradient_reducer): MPI_Allreduce of MPI_SUM in place. */
#define CNN_MPI_SUM "cnn_mpi_sum"
/* MPI_Finalize after a run that succeeded on every rank. */
typedef void (*cnn_mpi_finish_fn)(void);
#define CNN_MPI_FINISH "cnn_mpi_finish"
/* MPI_Abort of the whole job with `code`, after a failure on this rank. */
typedef void (*cnn_mpi_abort_fn)(int code);
#define CNN_MPI_ABORT "cnn_mpi_abort"

#ifdef __cplusplus
}
#endif

#endif /* CNN_TOOL_MPI_MODULE_H */
