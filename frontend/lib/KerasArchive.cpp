// Opening a Keras file: a Keras 3 zip archive (read with libzip) or a Keras 2 HDF5 file.
#include "KerasFile.h"

#include <zip.h>

namespace cnnc::keras {

namespace {

std::string zipMessage(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

/// A member of the archive read whole into memory; nullopt when the archive has none.
std::optional<std::string> readMember(zip_t *archive, const char *name) {
  zip_stat_t stat;
  if (zip_stat(archive, name, 0, &stat) != 0)
    return std::nullopt;
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

KerasFile openArchive(zip_t *archive) {
  KerasFile file{Format::Keras3, "", "", nullptr};
  std::optional<std::string> config = readMember(archive, "config.json");
  std::optional<std::string> weights = readMember(archive, "model.weights.h5");
  zip_discard(archive);
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
  if (zip_t *archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code))
    return openArchive(archive);
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
