// read_file.cpp — whole-file reads with POSIX calls, so every failure has its errno.
#include "core/load/read_file.hpp"

#include "core/load/diagnostics.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace airtok::detail {

namespace {

[[noreturn]] void fail(const std::string& path, const char* action, int error) {
  throw_load_error(path, 0, std::string("cannot ") + action + " the file: " + std::strerror(error));
}

/// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string read_file(const std::string& path) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) fail(path, "open", errno);
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) fail(path, "read", errno);
  if (S_ISDIR(info.st_mode)) {
    throw_load_error(path, 0, "is a directory, not a file");
  }
  std::string contents;
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    contents.reserve(static_cast<std::size_t>(info.st_size));
  }
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(file.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      fail(path, "read", errno);
    }
    if (got == 0) break;
    contents.append(buffer, static_cast<std::size_t>(got));
  }
  return contents;
}

}  // namespace airtok::detail
