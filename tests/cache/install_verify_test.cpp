// install_verify_test.cpp — install, verify and add, including every bad case the kit promises
// to handle: corrupt, misnamed, missing, wrong hash, unwritable directory, disk full, a file
// replaced between the check and the rename, and concurrent installs.
#include "cache/atomic_write.hpp"
#include "cache_test_util.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>
#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <thread>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using airtok::CacheError;
using airtok::CacheOptions;
using airtok::EntryStatus;
using airtok::test::contains;
using airtok::test::TempDir;

constexpr const char* kCl100kKey = "9b5ad71b2ce5302211f9c61530b329a4922fc6a4";

const airtok::OfficialFile& official(std::string_view name) {
  for (const airtok::OfficialFile& file : airtok::official_files()) {
    if (file.name == name) return file;
  }
  throw std::runtime_error("no official file " + std::string(name));
}

const airtok::VerifyEntry* entry_for(const airtok::VerifyReport& report, std::string_view name) {
  for (const airtok::VerifyEntry& e : report.entries) {
    if (e.official != nullptr && e.official->name == name) return &e;
  }
  return nullptr;
}

/// Resets the atomic-write test seams at the end of a test.
struct HookReset {
  ~HookReset() { airtok::detail::atomic_write_hooks() = {}; }
};

/// Runs `body` in a child process and returns its exit status (for privilege drops and limits).
template <class Body>
int in_child(Body&& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

TEST(Install, AllSixThenVerifyOk) {
  TempDir tmp;
  const CacheOptions options{tmp / "cache"};
  const airtok::InstallResult result = airtok::install_cache({}, options);
  ASSERT_EQ(result.files.size(), 6u);
  for (const airtok::CachedFile& file : result.files) {
    EXPECT_TRUE(file.written) << file.name;
    EXPECT_EQ(airtok::sha256_hex(airtok::test::read_all(file.path)), file.sha256) << file.name;
  }
  const airtok::VerifyReport report = airtok::verify_cache({}, options);
  EXPECT_TRUE(report.ok()) << report.to_text();
  EXPECT_EQ(report.entries.size(), 6u);
  for (const airtok::VerifyEntry& e : report.entries) EXPECT_EQ(e.status, EntryStatus::ok);
  EXPECT_EQ(airtok::test::names_in(options.dir).size(), 6u) << "temporary files left behind";

  // Again: nothing to write.
  for (const airtok::CachedFile& file : airtok::install_cache({}, options).files) {
    EXPECT_FALSE(file.written) << file.name;
  }
}

TEST(Install, ChosenEncodingsOnly) {
  TempDir tmp;
  const CacheOptions options{tmp.path()};
  const std::vector<std::string> wanted = {"gpt2", "o200k_harmony"};
  const airtok::InstallResult result = airtok::install_cache(wanted, options);
  ASSERT_EQ(result.files.size(), 3u);
  EXPECT_EQ(result.files[0].name, "vocab.bpe");
  EXPECT_EQ(result.files[1].name, "encoder.json");
  EXPECT_EQ(result.files[2].name, "o200k_base.tiktoken");
  EXPECT_TRUE(airtok::verify_cache(wanted, options).ok());
  const airtok::VerifyReport all = airtok::verify_cache({}, options);
  EXPECT_EQ(all.problems(), 3u);  // r50k, p50k, cl100k missing
  EXPECT_THROW(airtok::install_cache(std::vector<std::string>{"gpt-4"}, options),
               airtok::UnknownEncodingError);
}

TEST(Verify, CorruptByteIsReportedAndRefusedByLoad) {
  TempDir tmp;
  const CacheOptions options{tmp.path()};
  const std::vector<std::string> cl100k = {"cl100k_base"};
  airtok::install_cache(cl100k, options);
  const std::string path = tmp / kCl100kKey;
  std::string data = airtok::test::read_all(path);
  data[data.size() / 2] ^= 0x01;  // one bit, same size
  airtok::test::write_all(path, data);

  const airtok::VerifyReport report = airtok::verify_cache(cl100k, options);
  EXPECT_FALSE(report.ok());
  const airtok::VerifyEntry* e = entry_for(report, "cl100k_base.tiktoken");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->status, EntryStatus::corrupt);
  EXPECT_TRUE(contains(e->detail, "altered")) << e->detail;
  EXPECT_EQ(e->fix, "airtok cache install cl100k_base --dir " + tmp.path());
  EXPECT_TRUE(contains(report.to_text(), "corrupt")) << report.to_text();

  try {
    airtok::load_encoding(airtok::builtin_definition("cl100k_base"), options);
    FAIL() << "a corrupt file was accepted";
  } catch (const airtok::LoadError& error) {
    EXPECT_EQ(error.file(), path);
    airtok::test::expect_full_message(error.what(), "cl100k_base.tiktoken", kCl100kKey, tmp.path(),
                                      "airtok cache install cl100k_base --dir");
    EXPECT_TRUE(contains(error.what(), "wrong SHA-256")) << error.what();
  }
  // install repairs it.
  EXPECT_TRUE(airtok::install_cache(cl100k, options).files[0].written);
  EXPECT_TRUE(airtok::verify_cache(cl100k, options).ok());
}

TEST(Verify, MisnamedFileIsAcceptedByLoadAndReportedByVerify) {
  TempDir tmp;
  const CacheOptions options{tmp.path()};
  // What people do: copy the downloaded file in under its own name.
  airtok::test::write_all(tmp / "cl100k_base.tiktoken",
                          official("cl100k_base.tiktoken").contents());
  const airtok::Encoding enc =
      airtok::load_encoding(airtok::builtin_definition("cl100k_base"), options);
  EXPECT_EQ(enc.encode_ordinary("hello world"),
            airtok::get_encoding("cl100k_base").encode_ordinary("hello world"));

  const airtok::VerifyReport report =
      airtok::verify_cache(std::vector<std::string>{"cl100k_base"}, options);
  const airtok::VerifyEntry* e = entry_for(report, "cl100k_base.tiktoken");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->status, EntryStatus::misnamed);
  EXPECT_EQ(e->file, "cl100k_base.tiktoken");
  EXPECT_TRUE(contains(e->detail, kCl100kKey)) << e->detail;
  EXPECT_FALSE(report.ok());  // tiktoken itself would not find it

  // The fix verify prints works.
  airtok::add_to_cache(tmp / "cl100k_base.tiktoken", {}, options);
  const airtok::VerifyReport fixed =
      airtok::verify_cache(std::vector<std::string>{"cl100k_base"}, options);
  EXPECT_EQ(entry_for(fixed, "cl100k_base.tiktoken")->status, EntryStatus::ok);
}

TEST(Verify, TheRightContentUnderAnyNameIsFound) {
  TempDir tmp;
  airtok::test::write_all(tmp / "download (1)", official("encoder.json").contents());
  const airtok::VerifyReport report = airtok::verify_cache({}, CacheOptions{tmp.path()});
  const airtok::VerifyEntry* e = entry_for(report, "encoder.json");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->status, EntryStatus::misnamed);
  EXPECT_EQ(e->file, "download (1)");
}

TEST(Verify, MissingDirectoryOtherAndTemporaryFiles) {
  TempDir tmp;
  const airtok::VerifyReport absent = airtok::verify_cache({}, CacheOptions{tmp / "nope"});
  EXPECT_FALSE(absent.dir_exists);
  EXPECT_EQ(absent.problems(), 6u);
  for (const airtok::VerifyEntry& e : absent.entries) EXPECT_EQ(e.status, EntryStatus::missing);
  EXPECT_TRUE(contains(absent.to_text(), "(does not exist)"));

  airtok::install_cache(std::vector<std::string>{"r50k_base"}, CacheOptions{tmp.path()});
  airtok::test::write_all(tmp / "0123456789abcdef0123456789abcdef01234567", "custom");
  airtok::test::write_all(tmp / (std::string(kCl100kKey) + ".0f1e2d3c.tmp"), "partial");
  airtok::test::write_all(tmp / "notes.txt", "hello");
  const airtok::VerifyReport report =
      airtok::verify_cache(std::vector<std::string>{"r50k_base"}, CacheOptions{tmp.path()});
  EXPECT_TRUE(report.ok()) << report.to_text();  // other files are listed, not problems
  std::map<std::string, EntryStatus> others;
  for (const airtok::VerifyEntry& e : report.entries) {
    if (e.official == nullptr) others[e.file] = e.status;
  }
  EXPECT_EQ(others.size(), 3u);
  EXPECT_EQ(others["notes.txt"], EntryStatus::unknown);
  EXPECT_EQ(others["0123456789abcdef0123456789abcdef01234567"], EntryStatus::unknown);
  EXPECT_EQ(others[std::string(kCl100kKey) + ".0f1e2d3c.tmp"], EntryStatus::temporary);
  const std::string json = report.to_json();
  EXPECT_TRUE(contains(json, R"("ok":true)")) << json;
  EXPECT_TRUE(contains(json, R"("status":"temporary")")) << json;
}

TEST(Add, WrongHashIsRefused) {
  TempDir tmp;
  const CacheOptions options{tmp / "cache"};
  const std::string truncated = tmp / "cl100k_base.tiktoken";
  airtok::test::write_all(truncated, official("cl100k_base.tiktoken").contents().substr(0, 1000));
  try {
    airtok::add_to_cache(truncated, {}, options);
    FAIL() << "a truncated file was accepted";
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(), "refused")) << e.what();
    EXPECT_TRUE(contains(e.what(), "truncated")) << e.what();
    EXPECT_TRUE(contains(e.what(), std::string(official("cl100k_base.tiktoken").sha256)));
    EXPECT_TRUE(contains(e.what(), "airtok cache install cl100k_base --dir")) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(options.dir)) << "something was written";

  // With --encoding, a file of another encoding is refused too.
  const std::string other = tmp / "r50k";
  airtok::test::write_all(other, official("r50k_base.tiktoken").contents());
  EXPECT_THROW(airtok::add_to_cache(other, {.encoding = "cl100k_base"}, options), CacheError);
  // With an official URL, the official hash applies.
  EXPECT_THROW(airtok::add_to_cache(
                   other, {.url = std::string(official("cl100k_base.tiktoken").url)}, options),
               CacheError);
  // A file of no known kind is refused, saying how to add a custom file.
  airtok::test::write_all(tmp / "mystery.bin", "abc");
  try {
    airtok::add_to_cache(tmp / "mystery.bin", {}, options);
    FAIL();
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(), "--url URL --sha256 HASH")) << e.what();
  }
}

TEST(Add, RightFileUnderItsTiktokenName) {
  TempDir tmp;
  const CacheOptions options{tmp / "cache"};
  const std::string copy = tmp / "downloaded.bin";  // name does not matter when content is right
  airtok::test::write_all(copy, official("o200k_base.tiktoken").contents());
  const airtok::CachedFile added = airtok::add_to_cache(copy, {}, options);
  EXPECT_TRUE(added.written);
  EXPECT_EQ(added.name, "o200k_base.tiktoken");
  EXPECT_EQ(added.key, "fb374d419588a4632f3f557e76b4b70aebbca790");
  EXPECT_TRUE(airtok::verify_cache(std::vector<std::string>{"o200k_harmony"}, options).ok());
  EXPECT_FALSE(airtok::add_to_cache(copy, {.encoding = "o200k_base"}, options).written);

  // gpt2's two files are told apart by content.
  airtok::test::write_all(tmp / "a", official("vocab.bpe").contents());
  EXPECT_EQ(airtok::add_to_cache(tmp / "a", {.encoding = "gpt2"}, options).name, "vocab.bpe");
}

TEST(Add, CustomUrlWithAndWithoutHash) {
  TempDir tmp;
  const CacheOptions options{tmp / "cache"};
  const std::string url = "https://example.invalid/vocab/custom.tiktoken";
  airtok::test::write_all(tmp / "custom.tiktoken", "YQ== 0\nYg== 1\n");
  const std::string sha = airtok::sha256_hex("YQ== 0\nYg== 1\n");
  EXPECT_THROW(airtok::add_to_cache(tmp / "custom.tiktoken",
                                    {.url = url, .sha256 = std::string(64, '0')}, options),
               CacheError);
  const airtok::CachedFile unchecked =
      airtok::add_to_cache(tmp / "custom.tiktoken", {.url = url}, options);
  EXPECT_FALSE(unchecked.hash_checked);
  EXPECT_EQ(unchecked.key, airtok::cache_key(url));
  const airtok::CachedFile checked =
      airtok::add_to_cache(tmp / "custom.tiktoken", {.url = url, .sha256 = sha}, options);
  EXPECT_TRUE(checked.hash_checked);
  EXPECT_FALSE(checked.written);
}

TEST(Install, UnwritableDirectory) {
  TempDir tmp;
  const std::string locked = tmp / "locked";
  std::filesystem::create_directory(locked);
  ::chmod(locked.c_str(), 0555);
  const int status = in_child([&] {
    // Root may write anywhere: drop to an unprivileged user first, as a real user would be.
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) return 2;
    try {
      airtok::install_cache(std::vector<std::string>{"r50k_base"}, CacheOptions{locked + "/sub"});
    } catch (const CacheError& e) {
      const std::string message = e.what();
      const bool complete = contains(message, locked) && contains(message, "Permission denied") &&
                            contains(message, "because it was given explicitly") &&
                            contains(message, "airtok cache install r50k_base --dir");
      return complete ? 0 : 3;
    }
    return 4;
  });
  EXPECT_EQ(status, 0) << "2: cannot drop privileges, 3: incomplete message, 4: no error";
  EXPECT_TRUE(airtok::test::names_in(locked).empty());
}

TEST(Install, DiskFullRemovesThePartialFile) {
  TempDir tmp;
  HookReset reset;
  airtok::detail::atomic_write_hooks().fail_after_bytes = 4096;
  airtok::detail::atomic_write_hooks().fail_errno = ENOSPC;
  try {
    airtok::install_cache(std::vector<std::string>{"cl100k_base"}, CacheOptions{tmp.path()});
    FAIL() << "no error";
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(), "No space left on device")) << e.what();
    EXPECT_TRUE(contains(e.what(), "after 4096 of 1681126 bytes")) << e.what();
    EXPECT_TRUE(contains(e.what(), "was removed")) << e.what();
    EXPECT_TRUE(contains(e.what(), "file system of")) << e.what();
  }
  EXPECT_TRUE(airtok::test::names_in(tmp.path()).empty()) << "a partial file was left";
}

TEST(Install, RealWriteFailureFromTheKernel) {
  // RLIMIT_FSIZE makes the kernel refuse the write past 64 KiB (EFBIG), a real mid-file failure.
  TempDir tmp;
  const int status = in_child([&] {
    ::signal(SIGXFSZ, SIG_IGN);
    const struct rlimit limit { 65536, 65536 };
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 2;
    try {
      airtok::install_cache(std::vector<std::string>{"o200k_base"}, CacheOptions{tmp.path()});
    } catch (const CacheError& e) {
      return contains(e.what(), "File too large") && contains(e.what(), "was removed") ? 0 : 3;
    }
    return 4;
  });
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(airtok::test::names_in(tmp.path()).empty()) << "a partial file was left";
}

TEST(Install, FileReplacedBetweenCheckAndRename) {
  TempDir tmp;
  HookReset reset;
  airtok::detail::atomic_write_hooks().before_rename = [&](const std::string& temp,
                                                           const std::string&) {
    const std::string impostor = tmp / "impostor";
    airtok::test::write_all(impostor, "not the vocabulary");
    std::filesystem::rename(impostor, temp);  // another process swaps the checked file
  };
  try {
    airtok::install_cache(std::vector<std::string>{"r50k_base"}, CacheOptions{tmp.path()});
    FAIL() << "no error";
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(),
                         "replaced or removed by another process between the check "
                         "and the rename"))
        << e.what();
  }
  EXPECT_TRUE(airtok::test::names_in(tmp.path()).empty());
}

TEST(Install, FileReplacedRightAfterTheRename) {
  TempDir tmp;
  HookReset reset;
  airtok::detail::atomic_write_hooks().after_rename = [&](const std::string& final_path) {
    airtok::test::write_all(tmp / "other", "other content");
    std::filesystem::rename(tmp / "other", final_path);
  };
  try {
    airtok::install_cache(std::vector<std::string>{"r50k_base"}, CacheOptions{tmp.path()});
    FAIL() << "no error";
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(), "was replaced by another process right after airtok wrote it"))
        << e.what();
  }
  // The same content put there by another install is fine.
  airtok::detail::atomic_write_hooks().after_rename = [&](const std::string& final_path) {
    airtok::test::write_all(tmp / "twin", official("r50k_base.tiktoken").contents());
    std::filesystem::rename(tmp / "twin", final_path);
  };
  std::filesystem::remove(tmp / "0ea1e91bbb3a60f729a8dc8f777fd2fc07cd8df4");
  EXPECT_NO_THROW(
      airtok::install_cache(std::vector<std::string>{"r50k_base"}, CacheOptions{tmp.path()}));
}

TEST(Install, ConcurrentInstallsIntoOneDirectory) {
  for (int round = 0; round < 3; ++round) {
    TempDir tmp;
    const CacheOptions options{tmp / "cache"};
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] {
        try {
          airtok::install_cache({}, options);
        } catch (const std::exception&) {
          ++failures;
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_TRUE(airtok::verify_cache({}, options).ok());
    EXPECT_EQ(airtok::test::names_in(options.dir).size(), 6u) << "temporary files left";
  }
}

TEST(Install, DisabledCacheIsAnError) {
  airtok::test::EnvGuard env;
  env.set("TIKTOKEN_CACHE_DIR", "");
  try {
    airtok::install_cache({});
    FAIL();
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(), "disables tiktoken's cache")) << e.what();
    EXPECT_TRUE(contains(e.what(), "unset TIKTOKEN_CACHE_DIR && airtok cache install")) << e.what();
  }
}

}  // namespace
