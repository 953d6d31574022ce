#include "service/vehicle/secret_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <utility>

namespace p15 {
namespace {

std::string os_error(const std::string& what, const std::string& path, int err) {
  return what + " \"" + path + "\": " + std::strerror(err);
}

FileStamp stamp_from(const struct stat& st) {
  FileStamp s;
  s.exists = true;
  s.device = static_cast<std::uint64_t>(st.st_dev);
  s.inode = static_cast<std::uint64_t>(st.st_ino);
  s.size = static_cast<std::uint64_t>(st.st_size);
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return s;
}

void strip_trailing_space(std::string& s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) {
    s.pop_back();
  }
}

Status write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{std::strerror(errno)};
    done += static_cast<std::size_t>(n);
  }
  return ok_status();
}

// fsync of the directory makes a rename in it durable (ext4, xfs: rename alone may be lost on
// power failure, see fsync(2) "Calling fsync() does not necessarily ensure that the entry in the
// directory containing the file has also reached disk").
Status sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error{os_error("cannot open directory", dir, errno)};
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Error{os_error("cannot fsync directory", dir, err)};
  return ok_status();
}

}  // namespace

FileStamp file_stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return FileStamp{};
  return stamp_from(st);
}

Result<std::string> read_secret_file(const std::string& path, FileStamp* stamp) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{os_error("cannot read", path, errno), ErrorKind::NotFound};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{"cannot read \"" + path + "\": not a regular file"};
  }
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Error{os_error("cannot read", path, err)};
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  strip_trailing_space(text);
  if (text.empty()) return Error{"\"" + path + "\" is empty", ErrorKind::NotFound};
  if (stamp) *stamp = stamp_from(st);
  return text;
}

Status write_secret_file(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  static std::atomic<unsigned> counter{0};
  fs::path target(path);
  std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string temp =
      (fs::path(dir) / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()) +
                        "." + std::to_string(counter.fetch_add(1))))
          .string();
  // O_EXCL: never write into a file someone else prepared (a symlink planted at the temp name).
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error{os_error("cannot create", temp, errno)};
  Status st = ::fchmod(fd, 0600) == 0 ? write_all(fd, content + "\n") : Error{std::strerror(errno)};
  if (st && ::fsync(fd) != 0) st = Error{std::strerror(errno)};
  if (::close(fd) != 0 && st) st = Error{std::strerror(errno)};
  if (st && ::rename(temp.c_str(), path.c_str()) != 0) st = Error{std::strerror(errno)};
  if (!st) {
    ::unlink(temp.c_str());
    return Error{"cannot write \"" + path + "\": " + st.error().message};
  }
  return sync_directory(dir);
}

Result<FileLock> FileLock::acquire(const std::string& path, std::chrono::milliseconds timeout) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error{os_error("cannot open lock file", path, errno)};
  // Polled rather than blocking, so a holder that hangs costs a bounded wait and an error.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK && err != EINTR) {
      ::close(fd);
      return Error{os_error("cannot lock", path, err)};
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return Error{"\"" + path + "\" stayed locked by another process for " +
                       std::to_string(timeout.count() / 1000) + " s",
                   ErrorKind::Unavailable};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

// Closing the descriptor releases the flock.
FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace p15
