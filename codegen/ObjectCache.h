// A directory of compiled objects shared by cnnc runs, each found by a hash of what made it.
#ifndef CNNC_CODEGEN_OBJECTCACHE_H
#define CNNC_CODEGEN_OBJECTCACHE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SHA256.h"

#include <string>
#include <system_error>

namespace cnnc {

/// A cache key: SHA-256 over the parts added, each prefixed with its length, and over the
/// identity of the running compiler (the build IDs of its executable and shared libraries), so
/// that a rebuilt cnnc never reuses the objects of another.
class CacheKey {
public:
  CacheKey();
  CacheKey &add(llvm::StringRef part);
  /// SHA-256 of a file's contents, or of nothing when it cannot be read.
  CacheKey &addFile(const llvm::Twine &path);
  std::string hex(); // 64 hex digits; ends the key

private:
  llvm::SHA256 hash;
};

/// Every entry is a file named by its key holding the object followed by the object's SHA-256.
/// Entries are written to a temporary file and renamed, so concurrent runs never see a partial
/// one; an entry damaged any other way reads as a miss. The cache never fails a build: a
/// directory that cannot be written only stops the storing (with a warning when verbose).
class ObjectCache {
public:
  /// The cache in `directory`; "" disables it.
  ObjectCache(std::string directory, bool verbose);

  /// $CNNC_CACHE_DIR, else $XDG_CACHE_HOME/cnnc, else $HOME/.cache/cnnc; "" without any.
  static std::string defaultDirectory();

  /// Writes the object of `key` to `path` (through a rename, with permissions `mode` less the
  /// umask); false when the cache holds no intact entry for it.
  bool fetch(llvm::StringRef key, const std::string &path, unsigned mode = 0666);
  /// Stores the file at `path` as the object of `key`.
  void store(llvm::StringRef key, const std::string &path);

private:
  void warn(const llvm::Twine &message);

  std::string directory;
  bool verbose;
  bool writable = true;
};

} // namespace cnnc

#endif // CNNC_CODEGEN_OBJECTCACHE_H
