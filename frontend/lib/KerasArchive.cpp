// Opening a Keras file: a Keras 3 zip archive (read with libzip) or a Keras 2 HDF5 file.
#include "KerasFile.h"

#include <zip.h>

#include <filesystem>
#include <memory>

namespace cnnc::keras {

namespace {

std::string zipMessage(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

/// A member of the archive read whole into memory; nullopt when the archive has none. The size it
/// claims is checked before anything is allocated: against the archive's own size (`archiveSize`
/// bytes), which deflate expands at most about 1,030 times.
std::optional<std::string> readMember(zip_t *archive, const char *name, uint64_t archiveSize) {
  constexpr uint64_t kMaxExpansion = 1100;
  zip_stat_t stat;
  if (zip_stat(archive, name, 0, &stat) != 0)
    return std::nullopt;
  if (!(stat.valid & ZIP_STAT_SIZE) || stat.size > archiveSize * kMaxExpansion)
    throw ImportError(std::string(name) + " in the archive claims " + std::to_string(stat.size) +
                      " bytes, more than a " + std::to_string(archiveSize) +
                      "-byte archive can hold: it is damaged");
  zip_file_t *member = zip_fopen(archive, name, 0);
  if (!member)
    throw ImportError(std::string("cannot open ") + name +
                      " in the archive: " + zip_strerror(archive));
  std::string bytes(stat.size, '\0');
  zip_int64_t read = zip_fread(member, bytes.data(), bytes.size());
  // libzip checks the CRC once the member has been read to its end.
  std::string error = read < 0 ? zip_file_strerror(member) : "";
  zip_fclose(member);
  if (read != static_cast<zip_int64_t>(bytes.size()))
    throw ImportError(std::string("cannot read ") + name + " in the archive" +
                      (error.empty() ? std::string(": it is truncated") : ": " + error));
  return bytes;
}

KerasFile openArchive(zip_t *opened, uint64_t archiveSize) {
  const std::unique_ptr<zip_t, void (*)(zip_t *)> archive(opened, zip_discard);
  KerasFile file{Format::Keras3, "", "", nullptr};
  std::optional<std::string> config = readMember(archive.get(), "config.json", archiveSize);
  std::optional<std::string> weights = readMember(archive.get(), "model.weights.h5", archiveSize);
  if (!config)
    throw ImportError("the .keras archive has no config.json");
  if (!weights)
    throw ImportError("the .keras archive has no model.weights.h5");
  file.modelConfig = std::move(*config);
  file.weights = Hdf5File::openImage(*weights);
  if (!file.weights)
    throw ImportError("model.weights.h5 in the archive is not a readable HDF5 file");
  return file;
}

KerasFile openHdf5(const std::string &path) {
  KerasFile file{Format::Keras2, "", "", Hdf5File::open(path)};
  if (!file.weights)
    throw ImportError("the HDF5 file is truncated or damaged");
  std::optional<std::string> config = file.weights->stringAttribute("/", "model_config");
  if (!config)
    throw ImportError("the HDF5 file has no model_config attribute; it holds no Keras model "
                      "(weights saved alone cannot be compiled)");
  file.modelConfig = std::move(*config);
  file.trainingConfig = file.weights->stringAttribute("/", "training_config").value_or("");
  return file;
}

} // namespace

KerasFile openKerasFile(const std::string &path) {
  silenceHdf5Errors();
  int code = ZIP_ER_OK;
  if (zip_t *archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code)) {
    std::error_code ignored;
    return openArchive(archive, std::filesystem::file_size(path, ignored));
  }
  if (code != ZIP_ER_NOZIP)
    throw ImportError((code == ZIP_ER_NOENT || code == ZIP_ER_OPEN || code == ZIP_ER_READ
                           ? "cannot read the file: "
                           : "the file is not a valid .keras archive: ") +
                      zipMessage(code));
  if (H5Fis_hdf5(path.c_str()) > 0)
    return openHdf5(path);
  throw ImportError(
      "the file is neither a Keras 3 .keras archive nor a Keras 2 .h5 file, or it is truncated");
}

} // namespace cnnc::keras
