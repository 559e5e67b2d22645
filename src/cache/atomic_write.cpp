// atomic_write.cpp — see atomic_write.hpp. POSIX calls throughout, so that every failure has its
// errno and the checks can compare inodes.
#include "cache/atomic_write.hpp"

#include "cache/paths.hpp"
#include "core/hex.hpp"
#include "core/load/read_file.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace airtok::detail {

namespace {

std::string mode_string(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

/// Why a directory cannot be written, beyond strerror: its owner and mode for EACCES.
std::string explain(int error, const std::string& dir) {
  std::string reason = std::strerror(error);
  struct stat info {};
  if ((error == EACCES || error == EPERM) && stat_path(dir, info) == 0) {
    reason += " (" + dir + " belongs to " + describe_owner(info.st_uid) + ", mode " +
              mode_string(info.st_mode) + ", and this process runs as " +
              describe_owner(::geteuid()) + ")";
  } else if (error == EROFS) {
    reason += " (" + dir + " is on a read-only file system)";
  } else if (error == ENOSPC || error == EDQUOT) {
    reason += " (the file system of " + dir + " is full)";
  }
  return reason;
}

[[noreturn]] void fail(const std::string& path, const std::string& what,
                       const WriteContext& context, const std::string& fix = {}) {
  throw CacheError(path + ": " + what + ". Directory: " + context.where +
                       ". Fix: " + (fix.empty() ? context.fix : fix),
                   path);
}

/// The fix for a failed write: free space first when the disk is full.
std::string write_fix(int error, const std::string& dir, const WriteContext& context) {
  if (error == ENOSPC || error == EDQUOT || error == EFBIG) {
    return "free space on the file system of " + dir + " (or raise the file size limit), then " +
           "run the command again; or use another directory: " + context.fix;
  }
  return context.fix;
}

constexpr const char* kRetry = "run the same command again once nothing else writes there";

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, std::max<std::size_t>(slash, 1));
}

std::string random_id() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::string id;
  for (int i = 0; i < 32; ++i) id += detail::kHexDigitsLower[engine() & 15];
  return id;
}

/// The temporary file: removed on scope exit unless it was renamed into place.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!renamed_) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  int fd() const { return fd_; }
  void set_fd(int fd) { fd_ = fd; }
  void mark_renamed() { renamed_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool renamed_ = false;
};

void write_all(const TempFile& temp, std::string_view contents, const std::string& final_path,
               const WriteContext& context) {
  const AtomicWriteHooks& hooks = atomic_write_hooks();
  std::size_t done = 0;
  while (done < contents.size()) {
    std::size_t chunk = std::min<std::size_t>(contents.size() - done, 1 << 20);
    const bool inject = hooks.fail_after_bytes != 0 && done + chunk > hooks.fail_after_bytes;
    if (inject) chunk = hooks.fail_after_bytes - std::min(done, hooks.fail_after_bytes);
    ssize_t wrote = -1;
    if (inject && chunk == 0) {
      errno = hooks.fail_errno;  // the simulated failure, as the kernel would report it
    } else {
      wrote = ::write(temp.fd(), contents.data() + done, chunk);
    }
    if (wrote < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      fail(final_path,
           "cannot write " + context.what + ": " + explain(error, final_path) + " after " +
               std::to_string(done) + " of " + std::to_string(contents.size()) +
               " bytes; the partial file " + temp.path() + " was removed and " + final_path +
               " was not changed",
           context, write_fix(error, parent_of(final_path), context));
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(temp.fd()) != 0) {
    const int error = errno;
    fail(final_path,
         "cannot write " + context.what + ": flushing it to disk failed: " +
             explain(error, final_path) + "; the partial file was removed",
         context, write_fix(error, parent_of(final_path), context));
  }
}

/// Re-reads the file through the descriptor that wrote it and checks its SHA-256.
void check_written(const TempFile& temp, std::size_t size, std::string_view sha256,
                   const std::string& final_path, const WriteContext& context) {
  std::string back(size, '\0');
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(temp.fd(), back.data() + got, size - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  const std::string actual = got == size ? sha256_hex(back) : std::string("(short read)");
  if (actual != sha256) {
    fail(final_path,
         "what was written for " + context.what + " reads back with SHA-256 " + actual +
             " instead of " + std::string(sha256) +
             " (a failing disk or file system?); the file was removed",
         context);
  }
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/// After the rename: the final name must hold our file, or at least the right content.
void check_final(const struct stat& mine, const std::string& final_path, std::string_view sha256,
                 const WriteContext& context) {
  struct stat now {};
  if (stat_path(final_path, now) == 0 && same_file(mine, now)) return;
  std::string actual = "(unreadable)";
  try {
    actual = sha256_hex(read_file(final_path));
  } catch (const Error&) {
  }
  if (actual == sha256) return;  // another install put the same file there first
  fail(final_path,
       context.what +
           " was replaced by another process right after airtok wrote it: the file "
           "there now has SHA-256 " +
           actual + " instead of " + std::string(sha256) +
           " (another program writes to this directory)",
       context, kRetry);
}

}  // namespace

AtomicWriteHooks& atomic_write_hooks() {
  static AtomicWriteHooks hooks;
  return hooks;
}

void make_directories(const std::string& dir, const WriteContext& context) {
  if (dir.empty() || is_directory(dir)) return;
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    const std::string prefix = dir.substr(0, pos);
    if (prefix.empty() || prefix == "/") continue;
    if (::mkdir(prefix.c_str(), 0777) == 0) continue;
    const int error = errno;
    if (error == EEXIST && is_directory(prefix)) continue;
    const std::size_t slash = prefix.rfind('/');
    const std::string parent =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : prefix.substr(0, slash));
    fail(prefix,
         error == EEXIST ? "cannot create the directory: a file that is not a directory is there"
                         : "cannot create the directory: " + explain(error, parent),
         context);
  }
}

void write_file_atomically(const std::string& dir, const std::string& name,
                           std::string_view contents, std::string_view sha256,
                           const WriteContext& context) {
  const std::string final_path = join_path(dir, name);
  TempFile temp(final_path + "." + random_id() + ".tmp");
  temp.set_fd(::open(temp.path().c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (temp.fd() < 0) {
    const int error = errno;
    temp.mark_renamed();  // nothing was created: nothing to remove
    fail(final_path,
         "cannot create a file in " + dir + " to write " + context.what + ": " +
             explain(error, dir.empty() ? std::string(".") : dir),
         context);
  }
  write_all(temp, contents, final_path, context);
  check_written(temp, contents.size(), sha256, final_path, context);

  if (atomic_write_hooks().before_rename)
    atomic_write_hooks().before_rename(temp.path(), final_path);
  struct stat mine {};
  struct stat named {};
  if (::fstat(temp.fd(), &mine) != 0 || ::lstat(temp.path().c_str(), &named) != 0 ||
      !same_file(mine, named)) {
    fail(final_path,
         "the checked temporary file " + temp.path() + " for " + context.what +
             " was replaced or removed by another process between the check and the rename; " +
             final_path + " was not changed",
         context, kRetry);
  }
  if (::rename(temp.path().c_str(), final_path.c_str()) != 0) {
    const int error = errno;
    fail(final_path, "cannot rename the checked file into place: " + explain(error, dir), context);
  }
  temp.mark_renamed();
  if (const int dir_fd =
          ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir_fd >= 0) {
    ::fsync(dir_fd);  // make the rename durable; best effort, as a rename is already atomic
    ::close(dir_fd);
  }
  if (atomic_write_hooks().after_rename) atomic_write_hooks().after_rename(final_path);
  check_final(mine, final_path, sha256, context);
}

bool is_temporary_name(std::string_view name) noexcept {
  if (name.size() < 6 || name.substr(name.size() - 4) != ".tmp") return false;
  const std::string_view stem = name.substr(0, name.size() - 4);
  const std::size_t dot = stem.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < stem.size();
}

}  // namespace airtok::detail
