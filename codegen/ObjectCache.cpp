// A directory of compiled objects shared by cnnc runs, each found by a hash of what made it.
#include "ObjectCache.h"

#include "AtomicFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <link.h>

#include <cstdlib>

namespace cnnc {
namespace {

constexpr size_t digestSize = 32; // SHA-256

std::string sha256(llvm::StringRef data) {
  llvm::SHA256 hash;
  hash.update(data);
  return hash.final().str();
}

/// The GNU build ID of a loaded object, or "" when it has none.
std::string buildId(const dl_phdr_info &info) {
  for (int i = 0; i < info.dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info.dlpi_phdr[i];
    if (segment.p_type != PT_NOTE)
      continue;
    const char *note = reinterpret_cast<const char *>(info.dlpi_addr + segment.p_vaddr);
    const char *end = note + segment.p_memsz;
    auto align4 = [](size_t size) { return (size + 3) & ~size_t(3); };
    while (note + sizeof(ElfW(Nhdr)) <= end) {
      const auto *header = reinterpret_cast<const ElfW(Nhdr) *>(note);
      const char *name = note + sizeof(ElfW(Nhdr));
      const char *desc = name + align4(header->n_namesz);
      if (header->n_type == NT_GNU_BUILD_ID && header->n_namesz == 4 &&
          llvm::StringRef(name, 4) == llvm::StringRef("GNU", 4))
        return std::string(desc, header->n_descsz);
      note = desc + align4(header->n_descsz);
    }
  }
  return "";
}

/// What identifies the running compiler: the build ID of its executable and of every shared
/// library it loaded (Halide, LLVM, the C++ library), in load order. An object without a build
/// ID is identified by its contents. Linkers derive build IDs from the linked bytes, so any
/// rebuild that changes the compiler changes its identity.
const std::string &compilerIdentity() {
  static const std::string identity = [] {
    std::string text;
    dl_iterate_phdr(
        [](dl_phdr_info *info, size_t, void *data) {
          std::string &text = *static_cast<std::string *>(data);
          std::string file = *info->dlpi_name ? info->dlpi_name : "/proc/self/exe";
          std::string id = buildId(*info);
          if (id.empty()) {
            auto contents = llvm::MemoryBuffer::getFile(file);
            id = contents ? sha256((*contents)->getBuffer()) : "";
          }
          text += file + "=" + llvm::toHex(id) + "\n";
          return 0;
        },
        &text);
    return text;
  }();
  return identity;
}

/// Writes `parts` to `path` with the runtime's atomic replacement.
std::error_code writeAtomically(const std::string &path, llvm::ArrayRef<llvm::StringRef> parts,
                                unsigned mode) {
  std::vector<cnnrt::Bytes> pieces;
  for (llvm::StringRef part : parts)
    pieces.push_back({part.data(), part.size()});
  return std::error_code(cnnrt::replaceFile(path, pieces, mode), std::generic_category());
}

} // namespace

CacheKey::CacheKey() { add(compilerIdentity()); }

CacheKey &CacheKey::add(llvm::StringRef part) {
  hash.update(std::to_string(part.size()) + ":");
  hash.update(part);
  return *this;
}

CacheKey &CacheKey::addFile(const llvm::Twine &path) {
  auto contents = llvm::MemoryBuffer::getFile(path);
  return add(contents ? sha256((*contents)->getBuffer()) : "");
}

std::string CacheKey::hex() { return llvm::toHex(hash.final(), /*LowerCase=*/true); }

ObjectCache::ObjectCache(std::string directory, bool verbose)
    : directory(std::move(directory)), verbose(verbose) {}

std::string ObjectCache::defaultDirectory() {
  auto env = [](const char *name) -> llvm::StringRef {
    const char *value = std::getenv(name);
    return value ? value : "";
  };
  if (!env("CNNC_CACHE_DIR").empty())
    return env("CNNC_CACHE_DIR").str();
  llvm::SmallString<256> path;
  if (!env("XDG_CACHE_HOME").empty())
    llvm::sys::path::append(path, env("XDG_CACHE_HOME"), "cnnc");
  else if (!env("HOME").empty())
    llvm::sys::path::append(path, env("HOME"), ".cache", "cnnc");
  return std::string(path);
}

bool ObjectCache::fetch(llvm::StringRef key, const std::string &path, unsigned mode) {
  if (directory.empty())
    return false;
  llvm::SmallString<256> entry(directory);
  llvm::sys::path::append(entry, key);
  auto contents = llvm::MemoryBuffer::getFile(entry);
  if (!contents)
    return false;
  llvm::StringRef data = (*contents)->getBuffer();
  if (data.size() < digestSize ||
      sha256(data.drop_back(digestSize)) != data.take_back(digestSize)) {
    warn("ignoring the damaged cache entry '" + entry + "'");
    return false;
  }
  if (std::error_code error = writeAtomically(path, data.drop_back(digestSize), mode)) {
    warn("cannot write '" + path + "' from the cache: " + error.message());
    return false;
  }
  return true;
}

void ObjectCache::store(llvm::StringRef key, const std::string &path) {
  if (directory.empty() || !writable)
    return;
  auto contents = llvm::MemoryBuffer::getFile(path);
  llvm::SmallString<256> entry(directory);
  llvm::sys::path::append(entry, key);
  std::error_code error = contents.getError();
  if (!error)
    error = llvm::sys::fs::create_directories(directory);
  if (!error) {
    llvm::StringRef data = (*contents)->getBuffer();
    error = writeAtomically(std::string(entry), {data, sha256(data)}, 0666);
  }
  if (error) {
    writable = false;
    warn("cannot store objects in the cache '" + directory + "': " + error.message());
  }
}

void ObjectCache::warn(const llvm::Twine &message) {
  if (verbose)
    llvm::WithColor::warning(llvm::errs(), "cnnc") << message << "\n";
}

} // namespace cnnc
