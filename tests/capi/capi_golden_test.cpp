// capi_golden_test.cpp — every golden case (tests/golden/<encoding>.jsonl, written from the
// reference tiktoken by tools/oracle/gen_golden.mjs; format in tools/oracle/README.md) run
// through the C API only: ids, disallowed-special errors, decode and decode_bytes.
#include <airtok/airtok.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return bytes;
}

// A special-token set in the case's form ("all" or an array of strings) as the C struct; the
// strings live in `storage` and `pointers`.
struct SpecialArg {
  explicit SpecialArg(const json& value) {
    if (value.is_string()) {
      set.all = value.get<std::string>() == "all" ? 1 : 0;
      return;
    }
    for (const json& token : value) storage.push_back(token.get<std::string>());
    for (const std::string& token : storage) pointers.push_back(token.c_str());
    set.tokens = pointers.data();
    set.count = pointers.size();
  }
  std::vector<std::string> storage;
  std::vector<const char*> pointers;
  airtok_special_set set{nullptr, 0, 0};
};

std::string c_decode(const airtok_encoding* enc, const std::vector<uint32_t>& ids, bool replace) {
  auto call = [&](char* buf, size_t cap) {
    return replace ? airtok_decode(enc, ids.data(), ids.size(), buf, cap)
                   : airtok_decode_bytes(enc, ids.data(), ids.size(), buf, cap);
  };
  size_t need = call(nullptr, 0);
  if (need == AIRTOK_ERROR) return "<error: " + std::string(airtok_last_error()) + ">";
  std::string out(need + 1, '\0');
  call(out.data(), out.size());
  out.resize(need);
  return out;
}

// Checks one case; failures are reported with the case's annotation.
void check_case(const airtok_encoding* enc, const json& c) {
  const std::string op = c.at("op");
  SCOPED_TRACE(c.at("case").get<std::string>() + " [" + op + "]");
  std::vector<uint32_t> expected;
  if (c.contains("tokens")) expected = c.at("tokens").get<std::vector<uint32_t>>();

  if (op == "decode") {
    expected = c.at("tokens_in").get<std::vector<uint32_t>>();
  } else {
    const std::string input =
        c.contains("hex") ? from_hex(c.at("hex")) : c.at("text").get<std::string>();
    std::vector<uint32_t> ids(input.size());
    size_t n = AIRTOK_ERROR;
    if (op == "encode_ordinary") {
      n = airtok_encode_ordinary(enc, input.data(), input.size(), ids.data(), ids.size());
      EXPECT_EQ(airtok_count_ordinary(enc, input.data(), input.size()), expected.size());
    } else if (op == "encode_bytes") {
      n = airtok_encode_bytes(enc, input.data(), input.size(), ids.data(), ids.size());
    } else if (op == "encode") {
      SpecialArg allowed(c.at("allowed")), disallowed(c.at("disallowed"));
      n = airtok_encode(enc, input.data(), input.size(), &allowed.set, &disallowed.set, ids.data(),
                        ids.size());
      size_t count = airtok_count(enc, input.data(), input.size(), &allowed.set, &disallowed.set);
      if (c.contains("error")) {
        EXPECT_EQ(n, AIRTOK_ERROR);
        EXPECT_EQ(count, AIRTOK_ERROR);
        const std::string token = c.at("error").at("token");
        EXPECT_NE(std::string(airtok_last_error()).find(token), std::string::npos)
            << airtok_last_error();
        return;
      }
      EXPECT_EQ(count, expected.size());
    } else {
      ADD_FAILURE() << "unknown op " << op;
      return;
    }
    ASSERT_NE(n, AIRTOK_ERROR) << airtok_last_error();
    ids.resize(n);
    EXPECT_EQ(ids, expected);
  }
  if (c.contains("bytes_hex")) {
    EXPECT_EQ(c_decode(enc, expected, false), from_hex(c.at("bytes_hex")));
    EXPECT_EQ(c_decode(enc, expected, true), c.at("decoded").get<std::string>());
  }
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, EveryCaseThroughTheCApi) {
  const std::string name = GetParam();
  const std::filesystem::path path = std::filesystem::path(AIRTOK_GOLDEN_DIR) / (name + ".jsonl");
  std::ifstream file(path);
  ASSERT_TRUE(file) << "cannot open " << path;
  const airtok_encoding* enc = airtok_get_encoding(name.c_str());
  ASSERT_NE(enc, nullptr) << airtok_last_error();
  size_t cases = 0;
  for (std::string line; std::getline(file, line);) {
    if (line.empty()) continue;
    check_case(enc, json::parse(line));
    ++cases;
  }
  EXPECT_GT(cases, 0u);
}

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  const char* all[64];
  size_t n = airtok_list_encoding_names(all, 64);
  for (size_t i = 0; i < n && i < 64; ++i) names.emplace_back(all[i]);
  return names;
}

std::string golden_test_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

INSTANTIATE_TEST_SUITE_P(AllBuiltins, Golden, ::testing::ValuesIn(golden_names()),
                         golden_test_name);

}  // namespace
