// Tests of the file entry points' failures (missing file, directory, bad hash argument) and of
// sha256_hex against known digests.
#include "core/load/read_file.hpp"
#include "core/load/sha256.hpp"
#include "load_test_util.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace airtok {
namespace {

using test::catch_load_error;
using test::contains;
using test::data_path;

TEST(Sha256Hex, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(CheckSha256, RejectsAnExpectedValueThatIsNotAHash) {
  const LoadError e = catch_load_error([] { detail::check_sha256("x", "abc", "f.tiktoken"); });
  EXPECT_EQ(std::string(e.what()),
            "f.tiktoken: the expected SHA-256 \"abc\" is not a SHA-256 hex digest (64 hex digits)");
  EXPECT_TRUE(detail::is_sha256_hex(std::string(64, 'A')));
  EXPECT_FALSE(detail::is_sha256_hex(std::string(63, 'a')));
  EXPECT_FALSE(detail::is_sha256_hex(std::string(63, 'a') + "g"));
}

TEST(LoadFiles, MissingFileNamesThePathAndTheReason) {
  const std::string path = data_path("no_such_file.tiktoken");
  const LoadError e = catch_load_error([&] { load_tiktoken_bpe_file(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.line(), 0u);
  EXPECT_EQ(std::string(e.what()), path + ": cannot open the file: No such file or directory");
  const LoadError gym = catch_load_error(
      [&] { load_data_gym_files(data_path("vocab.bpe"), data_path("missing.json")); });
  EXPECT_EQ(gym.file(), data_path("missing.json"));
}

TEST(LoadFiles, DirectoryIsRejected) {
  const LoadError e = catch_load_error([] { load_tiktoken_bpe_file(AIRTOK_DATA_DIR); });
  EXPECT_EQ(std::string(e.what()), std::string(AIRTOK_DATA_DIR) + ": is a directory, not a file");
}

class TempFile {
 public:
  explicit TempFile(std::string_view contents)
      : path_((std::filesystem::temp_directory_path() /
               ("airtok_load_test_" + std::to_string(::getpid()) + "_" +
                std::to_string(counter_++) + ".tiktoken"))
                  .string()) {
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

TEST(LoadFiles, ParseErrorsNameThePath) {
  const TempFile file("IQ== 0\nIg== zz\n");
  const LoadError e = catch_load_error([&] { load_tiktoken_bpe_file(file.path()); });
  EXPECT_EQ(e.file(), file.path());
  EXPECT_EQ(e.line(), 2u);
  EXPECT_TRUE(contains(e.what(), file.path() + ":2: rank \"zz\"")) << e.what();
}

TEST(LoadFiles, EmptyFile) {
  const TempFile file("");
  const LoadError e = catch_load_error([&] { load_tiktoken_bpe_file(file.path()); });
  EXPECT_EQ(std::string(e.what()), file.path() + ": the file is empty: no tokens");
  // With a hash, the empty file fails the hash check first.
  const LoadError hashed =
      catch_load_error([&] { load_tiktoken_bpe_file(file.path(), std::string(64, 'f')); });
  EXPECT_TRUE(contains(hashed.what(),
                       "got e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
      << hashed.what();
}

TEST(LoadFiles, ReadErrorNamesTheReason) {
  // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO, even for root.
  const LoadError e = catch_load_error([] { load_tiktoken_bpe_file("/proc/self/mem"); });
  EXPECT_EQ(std::string(e.what()), "/proc/self/mem: cannot read the file: Input/output error");
}

}  // namespace
}  // namespace airtok
