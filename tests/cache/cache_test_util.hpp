// cache_test_util.hpp — temporary directories, environment overrides and file helpers shared by
// the tiktoken cache kit's tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

namespace airtok::test {

/// A fresh directory under the system's temp dir, removed (recursively) at the end of the test.
/// Mode 0755 so that a process running as another user can reach paths inside it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "airtok-cache-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    EXPECT_FALSE(path_.empty());
    ::chmod(path_.c_str(), 0755);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

/// Sets or unsets environment variables for the scope of a test, then restores them.
class EnvGuard {
 public:
  EnvGuard() = default;
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;
  ~EnvGuard() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  void set(const std::string& name, const std::string& value) {
    save(name);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  void unset(const std::string& name) {
    save(name);
    ::unsetenv(name.c_str());
  }
  /// No TIKTOKEN_CACHE_DIR, DATA_GYM_CACHE_DIR, TIKTOKEN_OFFLINE.
  void clear_cache_variables() {
    for (const char* name : {"TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR", "TIKTOKEN_OFFLINE"}) {
      unset(name);
    }
  }

 private:
  void save(const std::string& name) {
    if (saved_.count(name) != 0) return;
    const char* value = std::getenv(name.c_str());
    saved_[name] = value != nullptr ? std::optional<std::string>(value) : std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_all(const std::string& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

/// The names in a directory, sorted.
inline std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ignored)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string data_path(std::string_view name) {
  return std::string(AIRTOK_DATA_DIR) + "/" + std::string(name);
}

/// Checks that an error message has every part the kit promises: the file, its name in the
/// cache, the directory, why that directory, and the fix command.
inline void expect_full_message(std::string_view message, std::string_view file,
                                std::string_view key, std::string_view dir, std::string_view fix) {
  EXPECT_TRUE(contains(message, file)) << "file " << file << " not named in: " << message;
  EXPECT_TRUE(contains(message, key)) << "key " << key << " not named in: " << message;
  EXPECT_TRUE(contains(message, dir)) << "directory " << dir << " not named in: " << message;
  EXPECT_TRUE(contains(message, "because")) << "no reason for the directory in: " << message;
  EXPECT_TRUE(contains(message, fix)) << "fix " << fix << " not in: " << message;
}

}  // namespace airtok::test
