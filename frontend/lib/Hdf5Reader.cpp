// The importer's calls into libhdf5: string attributes and float datasets, sizes checked first.
#include "Hdf5Reader.h"

namespace cnnc::keras {

void silenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

namespace {

/// Owns an HDF5 identifier and closes it with the matching H5?close function.
class Id {
public:
  Id(hid_t id, herr_t (*close)(hid_t)) : id(id), close(close) {}
  ~Id() {
    if (id >= 0)
      close(id);
  }
  Id(const Id &) = delete;
  Id &operator=(const Id &) = delete;
  operator hid_t() const { return id; }
  bool valid() const { return id >= 0; }

private:
  hid_t id;
  herr_t (*close)(hid_t);
};

std::vector<hsize_t> dimensions(hid_t space) {
  int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(rank < 0 ? 0 : rank);
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

} // namespace

std::unique_ptr<Hdf5Reader> Hdf5Reader::open(const std::string &path) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0)
    return nullptr;
  return std::unique_ptr<Hdf5Reader>(new Hdf5Reader(file));
}

std::unique_ptr<Hdf5Reader> Hdf5Reader::openImage(llvm::StringRef image) {
  Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // The core driver reads the image from memory; nothing is written back (no backing store).
  if (H5Pset_fapl_core(access, 1 << 16, false) < 0 ||
      H5Pset_file_image(access, const_cast<char *>(image.data()), image.size()) < 0)
    return nullptr;
  hid_t file = H5Fopen("model.h5", H5F_ACC_RDONLY, access);
  if (file < 0)
    return nullptr;
  return std::unique_ptr<Hdf5Reader>(new Hdf5Reader(file));
}

Hdf5Reader::~Hdf5Reader() { H5Fclose(file); }

// H5Lexists needs every parent to exist, so the path is checked one link at a time.
bool Hdf5Reader::exists(const std::string &path) const {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    if (H5Lexists(file, path.substr(0, slash).c_str(), H5P_DEFAULT) <= 0)
      return false;
  return path == "/" || H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0;
}

std::optional<std::vector<std::string>> Hdf5Reader::stringListAttribute(const std::string &path,
                                                                        const char *name) const {
  if (!exists(path) || H5Aexists_by_name(file, path.c_str(), name, H5P_DEFAULT) <= 0)
    return std::nullopt;
  Id attribute(H5Aopen_by_name(file, path.c_str(), name, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Id type(H5Aget_type(attribute), H5Tclose);
  Id space(H5Aget_space(attribute), H5Sclose);
  std::string where = "attribute '" + std::string(name) + "' of " + path;
  if (!type.valid() || H5Tget_class(type) != H5T_STRING)
    throw ImportError(where + " is not a string");
  // Keras writes one string, or one per weight; a damaged file may claim any number.
  constexpr uint64_t kMaxStrings = 1 << 20;
  uint64_t count = 1;
  for (hsize_t dim : dimensions(space))
    if (__builtin_mul_overflow(count, dim, &count) || count > kMaxStrings)
      throw ImportError(where + " claims more than " + std::to_string(kMaxStrings) +
                        " strings: the file is damaged");
  std::vector<std::string> strings;
  if (H5Tis_variable_str(type) > 0) {
    // In the file's character set: HDF5 converts no UTF-8 (h5py's str) to ASCII.
    Id memoryType(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memoryType, H5T_VARIABLE);
    H5Tset_cset(memoryType, H5Tget_cset(type));
    std::vector<char *> pointers(count, nullptr);
    if (H5Aread(attribute, memoryType, pointers.data()) < 0)
      throw ImportError("cannot read " + where);
    for (char *pointer : pointers)
      strings.emplace_back(pointer ? pointer : "");
    H5Dvlen_reclaim(memoryType, space, H5P_DEFAULT, pointers.data());
  } else {
    size_t size = H5Tget_size(type);
    std::vector<char> buffer(count * size);
    if (H5Aread(attribute, type, buffer.data()) < 0)
      throw ImportError("cannot read " + where);
    for (size_t i = 0; i < count; ++i) {
      std::string text(buffer.data() + i * size, size);
      strings.push_back(text.substr(0, text.find('\0')));
    }
  }
  return strings;
}

std::optional<FloatArray> Hdf5Reader::readFloats(const std::string &path,
                                                 const std::string &what) const {
  if (!exists(path))
    return std::nullopt;
  Id dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid())
    return std::nullopt;
  Id type(H5Dget_type(dataset), H5Tclose);
  if (H5Tget_class(type) != H5T_FLOAT)
    throw ImportError(what + " (" + path + ") does not hold floating-point numbers");
  Id space(H5Dget_space(dataset), H5Sclose);
  FloatArray array;
  // The declared shape is checked before anything is allocated: against overflow, the largest
  // tensor cnnc compiles (Halide's 32-bit extents), and the bytes the file stores for it (zlib
  // expands at most about 1,030 times).
  constexpr uint64_t kMaxElements = (uint64_t{1} << 31) - 1, kMaxExpansion = 1100;
  uint64_t count = 1;
  for (hsize_t dim : dimensions(space)) {
    array.shape.push_back(static_cast<int64_t>(dim));
    if (__builtin_mul_overflow(count, dim, &count) || count > kMaxElements)
      throw ImportError(what + " (" + path + ") declares more than " +
                        std::to_string(kMaxElements) + " numbers: the file is damaged");
  }
  Id creation(H5Dget_create_plist(dataset), H5Pclose);
  const bool compressed = H5Pget_nfilters(creation) > 0;
  const uint64_t declared = count * H5Tget_size(type), stored = H5Dget_storage_size(dataset);
  if (compressed ? declared > stored * kMaxExpansion : declared > stored)
    throw ImportError(what + " (" + path + ") declares " + std::to_string(count) + " numbers (" +
                      std::to_string(declared) + " bytes) but the file stores " +
                      std::to_string(stored) + " bytes of them: the file is truncated or damaged");
  array.data.resize(count);
  if (H5Dread(dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.data.data()) < 0)
    throw ImportError("cannot read " + what + " (" + path + "): the file is truncated or damaged");
  return array;
}

} // namespace cnnc::keras
