// The .npz reader: libzip finds and inflates each member, the .npy parser reads it.
#include "Npz.h"

#include <algorithm>
#include <filesystem>
#include <zip.h>

namespace cnn::npy {
namespace {

constexpr char kSuffix[] = ".npy";
constexpr size_t kSuffixLength = sizeof kSuffix - 1;

std::string zipMessage(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

} // namespace

void NpzFile::Closer::operator()(zip_t *archive) const { zip_discard(archive); }

NpzFile::NpzFile(const std::string &path) : path_(path) {
  int code = ZIP_ER_OK;
  archive_.reset(zip_open(path.c_str(), ZIP_RDONLY, &code));
  if (!archive_)
    throw Error(code == ZIP_ER_NOZIP
                    ? path + " is not an .npz file (a zip of .npy arrays, as np.savez writes)"
                    : "cannot read " + path + ": " + zipMessage(code));
  const zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const std::string member = zip_get_name(archive_.get(), static_cast<zip_uint64_t>(i), 0);
    if (member.size() > kSuffixLength &&
        member.compare(member.size() - kSuffixLength, kSuffixLength, kSuffix) == 0)
      names_.push_back(member.substr(0, member.size() - kSuffixLength));
  }
}

NpzFile::~NpzFile() = default;

bool NpzFile::has(const std::string &name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

std::string NpzFile::listNames() const {
  std::string text;
  for (const std::string &name : names_)
    text += (text.empty() ? "'" : ", '") + name + "'";
  return text.empty() ? "no arrays" : text;
}

StoredArray NpzFile::read(const std::string &name) const {
  const std::string label = path_ + "['" + name + "']";
  if (!has(name))
    throw Error(path_ + " holds no array '" + name + "' (it holds " + listNames() + ")");
  const std::string member = name + kSuffix;
  zip_stat_t stat;
  zip_file_t *file = nullptr;
  if (zip_stat(archive_.get(), member.c_str(), 0, &stat) != 0 ||
      !(file = zip_fopen(archive_.get(), member.c_str(), 0)))
    throw Error("cannot read " + label + ": " + zip_strerror(archive_.get()));
  // The size the member claims is checked before it is allocated: deflate expands at most about
  // 1,030 times, so no member holds more than that many times the archive's size.
  constexpr uint64_t kMaxExpansion = 1100;
  std::error_code ignored;
  const uint64_t archiveSize = std::filesystem::file_size(path_, ignored);
  if (stat.size > archiveSize * kMaxExpansion) {
    zip_fclose(file);
    throw Error("cannot read " + label + ": it claims " + std::to_string(stat.size) +
                " bytes, more than a " + std::to_string(archiveSize) +
                "-byte archive can hold: the file is damaged");
  }
  std::vector<char> bytes(static_cast<size_t>(stat.size));
  const zip_int64_t read = zip_fread(file, bytes.data(), bytes.size());
  // libzip checks the member's CRC once it has been read to its end.
  const std::string error = read < 0 ? zip_file_strerror(file) : "it is truncated";
  zip_fclose(file);
  if (read != static_cast<zip_int64_t>(bytes.size()))
    throw Error("cannot read " + label + ": " + error);
  return parse(std::move(bytes), label);
}

} // namespace cnn::npy
