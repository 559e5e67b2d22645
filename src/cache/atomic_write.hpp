// atomic_write.hpp — writing a file into a directory so that readers only ever see nothing or the
// complete, checked file: tiktoken's own pattern (write "<name>.<id>.tmp", rename), plus a flush,
// a re-read through the same descriptor, and checks before and after the rename that the file is
// still the one that was written.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace airtok::detail {

/// Test seams, called during every atomic write (tests use them to replace a file between the
/// check and the rename, or to make a write fail as on a full disk). Empty by default; set them
/// only while no write is running.
struct AtomicWriteHooks {
  std::function<void(const std::string& temp_path, const std::string& final_path)> before_rename;
  std::function<void(const std::string& final_path)> after_rename;
  /// When not 0, writing fails with errno `fail_errno` once this many bytes are written.
  std::size_t fail_after_bytes = 0;
  int fail_errno = 0;
};
AtomicWriteHooks& atomic_write_hooks();

/// How failures are explained: what is being written, where (directory and why), and the fix
/// for a directory that cannot be written.
struct WriteContext {
  std::string what;   // e.g. "cl100k_base.tiktoken"
  std::string where;  // e.g. "/x, the directory used because TIKTOKEN_CACHE_DIR is set to ..."
  std::string fix;    // e.g. "export TIKTOKEN_CACHE_DIR=... && airtok cache install ..."
};

/// mkdir -p `dir` (mode 0777 less the umask, as Python's os.makedirs). Throws CacheError.
void make_directories(const std::string& dir, const WriteContext& context);

/// Writes `contents` as `dir`/`name` atomically and checks that the file then has SHA-256
/// `sha256` (lowercase hex). On any failure nothing is left under the temporary name and the
/// final name is untouched, except when another process replaced it, which is reported. Throws
/// CacheError.
void write_file_atomically(const std::string& dir, const std::string& name,
                           std::string_view contents, std::string_view sha256,
                           const WriteContext& context);

/// True if `name` looks like a temporary file of tiktoken or airtok ("<name>.<id>.tmp").
bool is_temporary_name(std::string_view name) noexcept;

}  // namespace airtok::detail
