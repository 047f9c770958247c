// Loading the MPI module with dlopen, starting MPI through it, and ending the job on a failure.
#include "MpiJob.h"

#include "UserError.h"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <iostream>
#include <string>

namespace cnn {
namespace {

// The module in the library folder beside cnn's own (CNN_BIN_TO_LIB from it). Not by name alone:
// dlopen searches the RUNPATH of its caller, which a sanitizer's dlopen replaces with its own.
std::string modulePath() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error)
    return CNN_MPI_MODULE;
  return (self.parent_path() / CNN_BIN_TO_LIB / CNN_MPI_MODULE).lexically_normal().string();
}

template <typename Function> Function symbol(void *module, const char *name) {
  void *address = dlsym(module, name);
  if (!address)
    throw UserError(std::string(CNN_MPI_MODULE) + " has no function " + name);
  return reinterpret_cast<Function>(address);
}

} // namespace

MpiJob::MpiJob() {
  if (!std::getenv("OMPI_COMM_WORLD_SIZE"))
    return;
  // Open MPI loads its own components, which need its symbols visible: RTLD_GLOBAL.
  void *module = dlopen(modulePath().c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (!module)
    throw UserError(std::string("cnn runs under mpirun but could not load its MPI module: ") +
                    dlerror() + " (Open MPI's libopenmpi3 package provides libmpi)");
  const auto start = symbol<cnn_mpi_start_fn>(module, CNN_MPI_START);
  sum_ = symbol<cnn_gradient_reducer>(module, CNN_MPI_SUM);
  const auto finish = symbol<cnn_mpi_finish_fn>(module, CNN_MPI_FINISH);
  abort_ = symbol<cnn_mpi_abort_fn>(module, CNN_MPI_ABORT);
  char message[512] = "";
  if (start(&rank_, &size_, message, sizeof message) != 0)
    throw UserError(message);
  finish_ = finish;
}

void MpiJob::run(const std::function<void()> &work) {
  if (!joined()) {
    work();
    return;
  }
  try {
    work();
  } catch (const std::exception &error) {
    std::cout << std::flush;
    std::cerr << "cnn: error: rank " << rank_ << " of " << size_ << ": " << error.what()
              << std::endl;
    abort_(1);
  }
  finish_();
}

} // namespace cnn
