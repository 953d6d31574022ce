#pragma once
// Small files holding one secret (a token): read trimmed, noticed when another program replaced
// them, written atomically with mode 0600, and an advisory lock that several processes sharing
// one single-use refresh token take around a refresh. Messages name the path, never the content.
#include <chrono>
#include <cstdint>
#include <string>

#include "service/core/result.h"

namespace p15 {

// Enough of stat() to tell that a file changed: an atomic replace (rename) changes the inode, an
// in-place rewrite the size or the modification time.
struct FileStamp {
  bool exists = false;
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

FileStamp file_stamp(const std::string& path);

// The file's content without trailing whitespace, and the stamp of what was read (both from one
// open file, so a concurrent replace cannot pair one file's stamp with another's content).
// Error (never quoting the content) when it cannot be read or is empty.
Result<std::string> read_secret_file(const std::string& path, FileStamp* stamp = nullptr);

// Replaces `path` with `content` plus a newline so that a crash leaves the old or the new file,
// never a torn one: a temporary file in the same directory created with mode 0600, written,
// fsync'ed, renamed over `path`, then the directory fsync'ed so the rename itself is durable.
Status write_secret_file(const std::string& path, const std::string& content);

// An exclusive flock(2) on `path` (created 0600 if missing), held until destruction.
class FileLock {
 public:
  // Waits up to `timeout` for another holder to let go.
  static Result<FileLock> acquire(const std::string& path, std::chrono::milliseconds timeout);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace p15
