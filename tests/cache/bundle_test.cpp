// bundle_test.cpp — export a folder, import it into a fresh directory, and refuse every kind of
// damaged bundle without writing anything.
#include "cache_test_util.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using airtok::CacheError;
using airtok::CacheOptions;
using airtok::test::contains;
using airtok::test::TempDir;

constexpr const char* kCl100kKey = "9b5ad71b2ce5302211f9c61530b329a4922fc6a4";

TEST(Bundle, ExportThenImportIntoAFreshDirectory) {
  TempDir tmp;
  const std::string bundle = tmp / "bundle";
  const std::vector<airtok::CachedFile> exported = airtok::export_cache(bundle, {});
  ASSERT_EQ(exported.size(), 6u);
  std::vector<std::string> expected_names = {"README.txt", "SHA256SUMS", "manifest.json"};
  for (const airtok::CachedFile& file : exported) expected_names.push_back(file.key);
  std::sort(expected_names.begin(), expected_names.end());
  EXPECT_EQ(airtok::test::names_in(bundle), expected_names);

  // The manifest says what each file is.
  const nlohmann::json manifest =
      nlohmann::json::parse(airtok::test::read_all(bundle + "/manifest.json"));
  EXPECT_EQ(manifest["format"], "airtok-tiktoken-cache-bundle");
  ASSERT_EQ(manifest["files"].size(), 6u);
  for (const nlohmann::json& item : manifest["files"]) {
    const std::string url = item["url"];
    const airtok::OfficialFile* official = airtok::find_official_file(url);
    ASSERT_NE(official, nullptr) << url;
    EXPECT_EQ(item["key"], airtok::cache_key(url));
    EXPECT_EQ(item["sha256"], official->sha256);
    EXPECT_EQ(item["size"], official->size);
    EXPECT_EQ(item["name"], official->name);
    EXPECT_FALSE(item["encodings"].empty());
  }
  EXPECT_TRUE(contains(airtok::test::read_all(bundle + "/SHA256SUMS"),
                       "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7  " +
                           std::string(kCl100kKey) + "\n"));
  EXPECT_TRUE(contains(airtok::test::read_all(bundle + "/README.txt"), "airtok cache import"));
  // The bundle is itself a valid cache directory.
  EXPECT_EQ(airtok::verify_cache({}, CacheOptions{bundle}).problems(), 0u);

  const CacheOptions fresh{tmp / "fresh"};
  const airtok::InstallResult imported = airtok::import_cache(bundle, fresh);
  EXPECT_EQ(imported.files.size(), 6u);
  for (const airtok::CachedFile& file : imported.files) EXPECT_TRUE(file.written);
  EXPECT_TRUE(airtok::verify_cache({}, fresh).ok());
  EXPECT_EQ(airtok::test::names_in(fresh.dir).size(), 6u);
  // Importing again changes nothing.
  for (const airtok::CachedFile& file : airtok::import_cache(bundle, fresh).files) {
    EXPECT_FALSE(file.written);
  }
}

TEST(Bundle, ChosenEncodingsAndReExport) {
  TempDir tmp;
  const std::string bundle = tmp / "b";
  EXPECT_EQ(airtok::export_cache(bundle, {}).size(), 6u);
  const std::vector<std::string> cl100k = {"cl100k_base"};
  EXPECT_EQ(airtok::export_cache(bundle, cl100k).size(), 1u);  // an earlier bundle: replaced
  EXPECT_EQ(airtok::test::names_in(bundle).size(), 4u);
  const airtok::InstallResult imported = airtok::import_cache(bundle, CacheOptions{tmp / "c"});
  ASSERT_EQ(imported.files.size(), 1u);
  EXPECT_EQ(imported.files[0].name, "cl100k_base.tiktoken");
}

TEST(Bundle, ExportRefusesANonEmptyDirectory) {
  TempDir tmp;
  airtok::test::write_all(tmp / "precious.txt", "keep me");
  try {
    airtok::export_cache(tmp.path(), {});
    FAIL();
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(), "not empty")) << e.what();
    EXPECT_TRUE(contains(e.what(), "airtok cache export NEW_DIRECTORY")) << e.what();
  }
  EXPECT_EQ(airtok::test::names_in(tmp.path()).size(), 1u);
}

/// Exports cl100k_base and o200k_base, applies `damage`, and expects import to refuse with a
/// message containing `expected`, writing nothing.
void expect_refused(const std::function<void(const std::string& bundle)>& damage,
                    const std::string& expected) {
  TempDir tmp;
  const std::string bundle = tmp / "bundle";
  airtok::export_cache(bundle, std::vector<std::string>{"cl100k_base", "o200k_base"});
  damage(bundle);
  const CacheOptions target{tmp / "target"};
  try {
    airtok::import_cache(bundle, target);
    ADD_FAILURE() << "a damaged bundle was imported; expected: " << expected;
  } catch (const CacheError& e) {
    EXPECT_TRUE(contains(e.what(), expected)) << e.what();
    EXPECT_TRUE(contains(e.what(), "Nothing was installed")) << e.what();
    EXPECT_TRUE(contains(e.what(), "airtok cache export")) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(target.dir)) << "something was written";
}

TEST(Bundle, ImportRefusesDamage) {
  expect_refused([](const std::string& b) { std::filesystem::remove(b + "/manifest.json"); },
                 "not a folder written by airtok cache export");
  expect_refused([](const std::string& b) { airtok::test::write_all(b + "/manifest.json", "{"); },
                 "is not valid JSON");
  expect_refused(
      [](const std::string& b) {
        airtok::test::write_all(b + "/manifest.json", R"({"format": "other", "version": 1})");
      },
      "is not an airtok bundle manifest");
  expect_refused(
      [](const std::string& b) {  // one byte changed in transit
        std::string data = airtok::test::read_all(b + "/" + kCl100kKey);
        data[100] ^= 0x20;
        airtok::test::write_all(b + "/" + kCl100kKey, data);
      },
      "altered");
  expect_refused(
      [](const std::string& b) {
        const std::string data = airtok::test::read_all(b + "/" + kCl100kKey);
        airtok::test::write_all(b + "/" + kCl100kKey, data.substr(0, data.size() / 2));
      },
      "truncated in transit");
  expect_refused([](const std::string& b) { std::filesystem::remove(b + "/" + kCl100kKey); },
                 "is listed in the manifest but cannot be read");
  expect_refused(
      [](const std::string& b) {  // the manifest's hash rewritten to match a tampered file
        nlohmann::json m = nlohmann::json::parse(airtok::test::read_all(b + "/manifest.json"));
        const std::string tampered = "YQ== 0\n";
        airtok::test::write_all(b + "/" + kCl100kKey, tampered);
        for (auto& item : m["files"]) {
          if (item["key"] == kCl100kKey) {
            item["sha256"] = airtok::sha256_hex(tampered);
            item["size"] = tampered.size();
          }
        }
        airtok::test::write_all(b + "/manifest.json", m.dump());
      },
      "but the official one is");
  expect_refused(
      [](const std::string& b) {
        nlohmann::json m = nlohmann::json::parse(airtok::test::read_all(b + "/manifest.json"));
        m["files"][0]["key"] = "0000000000000000000000000000000000000000";
        airtok::test::write_all(b + "/manifest.json", m.dump());
      },
      "but the SHA-1 of its URL");
}

}  // namespace
