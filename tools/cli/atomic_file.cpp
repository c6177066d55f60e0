#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rapport_cli {
namespace {

rapport::error_info io_error(const std::string& path, const char* what) {
  return {rapport::errc::invalid_argument, path + ": " + what + ": " + std::strerror(errno)};
}

bool write_all(int fd, std::string_view bytes) {
  const bool simulate = std::getenv("RAPPORT_CLI_FAIL_WRITE") != nullptr;
  if (simulate) bytes = bytes.substr(0, bytes.size() / 2);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (simulate) errno = ENOSPC;
  return !simulate;
}

// A device or pipe ("-o /dev/null", a FIFO) is written in place: renaming a file over it would
// replace the device itself (as root, /dev/null became a regular file).
rapport::result<void> write_in_place(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY);
  if (fd < 0) return io_error(path, "cannot open it for writing");
  const bool written = write_all(fd, bytes);
  const int saved = errno;
  if (::close(fd) != 0 || !written) {
    errno = written ? errno : saved;
    return io_error(path, "write failed");
  }
  return {};
}

}  // namespace

rapport::result<void> write_atomically(const std::string& path, std::string_view bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return write_in_place(path, bytes);
  std::string tmp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return io_error(path, "cannot create a temporary file beside it");
  const bool written = write_all(fd, bytes) && ::fsync(fd) == 0;
  const int saved = errno;
  if (::close(fd) != 0 || !written) {
    errno = written ? errno : saved;
    auto e = io_error(path, "write failed, the file was left unchanged");
    ::unlink(tmp.c_str());
    return e;
  }
  if (::chmod(tmp.c_str(), 0644) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    auto e = io_error(path, "cannot replace it");
    ::unlink(tmp.c_str());
    return e;
  }
  return {};
}

}  // namespace rapport_cli
