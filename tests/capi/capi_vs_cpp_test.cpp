// capi_vs_cpp_test.cpp — the C API must give exactly what the C++ API gives: the same ids, the
// same bytes, the same error messages, for every built-in encoding, on fixed samples and on
// seeded random inputs (mixed scripts, whitespace runs, special tokens' texts, invalid UTF-8).
#include <airtok/airtok.h>
#include <airtok/encoding.hpp>
#include <airtok/error.hpp>
#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

using airtok::Rank;

const airtok_encoding* c_handle(const std::string& name) {
  const airtok_encoding* enc = airtok_get_encoding(name.c_str());
  EXPECT_NE(enc, nullptr) << airtok_last_error();
  return enc;
}

std::vector<Rank> c_encode_ordinary(const airtok_encoding* enc, const std::string& text) {
  std::vector<Rank> ids(text.size());
  size_t n = airtok_encode_ordinary(enc, text.data(), text.size(), ids.data(), ids.size());
  EXPECT_NE(n, AIRTOK_ERROR) << airtok_last_error();
  EXPECT_LE(n, text.size());
  ids.resize(n == AIRTOK_ERROR ? 0 : n);
  return ids;
}

std::vector<Rank> c_encode_bytes(const airtok_encoding* enc, const std::string& text) {
  std::vector<Rank> ids(text.size());
  size_t n = airtok_encode_bytes(enc, text.data(), text.size(), ids.data(), ids.size());
  EXPECT_NE(n, AIRTOK_ERROR) << airtok_last_error();
  ids.resize(n == AIRTOK_ERROR ? 0 : n);
  return ids;
}

// Returns false (and sets *error) when the C API reports an error.
bool c_encode(const airtok_encoding* enc, const std::string& text,
              const airtok_special_set* allowed, const airtok_special_set* disallowed,
              std::vector<Rank>* ids, std::string* error) {
  ids->assign(text.size(), 0);
  size_t n =
      airtok_encode(enc, text.data(), text.size(), allowed, disallowed, ids->data(), ids->size());
  if (n == AIRTOK_ERROR) {
    *error = airtok_last_error();
    ids->clear();
    return false;
  }
  ids->resize(n);
  return true;
}

std::string c_decode(const airtok_encoding* enc, const std::vector<Rank>& ids, bool replace) {
  auto call = [&](char* buf, size_t cap) {
    return replace ? airtok_decode(enc, ids.data(), ids.size(), buf, cap)
                   : airtok_decode_bytes(enc, ids.data(), ids.size(), buf, cap);
  };
  size_t need = call(nullptr, 0);
  EXPECT_NE(need, AIRTOK_ERROR) << airtok_last_error();
  if (need == AIRTOK_ERROR) return {};
  std::string out(need + 1, '\0');
  EXPECT_EQ(call(out.data(), out.size()), need);
  out.resize(need);
  return out;
}

// ---- inputs ------------------------------------------------------------------------------

std::vector<std::string> fixed_samples() {
  return {
      "",
      "hello world",
      "Hello, World! It's 2024; we'll've SEEN 1,234,567.89 things...",
      "  \n\n  \t\r\n   trailing   ",
      "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
      "\xf0\x9f\x98\x80\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd "
      "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 "
      "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87",
      "<|endoftext|>",
      "a<|endoftext|>b<|fim_prefix|>c<|endofprompt|><|return|>",
      "<|endoftext",
      "\xff\xfe\xfd",
      "valid then \xe6\x97 broken \x80 tail",
      std::string("embedded\0nul", 12),
      std::string(300, 'a'),
      std::string(200, ' ') + "x",
  };
}

// Random strings built from fragments that exercise the pre-tokenizers and special tokens.
std::vector<std::string> random_samples(unsigned seed, int count) {
  static const std::vector<std::string> kFragments = {"a",
                                                      "the",
                                                      " The",
                                                      "'s",
                                                      "'LL",
                                                      "don't",
                                                      " ",
                                                      "  ",
                                                      "\n",
                                                      "\r\n",
                                                      "\t",
                                                      "123",
                                                      "4567",
                                                      "3.14",
                                                      "!",
                                                      "?!",
                                                      "...",
                                                      "(",
                                                      "#",
                                                      "\xc3\xa9",
                                                      "\xe6\x97\xa5",
                                                      "\xf0\x9f\x98\x80",
                                                      "\xd0\x9f\xd1\x80\xd0\xb8",
                                                      "\xcc\x81",
                                                      "<|endoftext|>",
                                                      "<|fim_middle|>",
                                                      "<|",
                                                      "|>",
                                                      "\xff",
                                                      "\xc3",
                                                      "\x80",
                                                      "\xe6\x97",
                                                      "\xed\xa0\x80"};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, kFragments.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string s;
    for (int j = length(rng); j > 0; --j) s += kFragments[pick(rng)];
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> all_samples() {
  std::vector<std::string> samples = fixed_samples();
  for (std::string& s : random_samples(20240611u, 300)) samples.push_back(std::move(s));
  return samples;
}

// ---- tests -------------------------------------------------------------------------------

TEST(CapiVsCpp, EncodingNamesAndModels) {
  std::vector<std::string> names = airtok::list_encoding_names();
  std::vector<const char*> c_names(names.size() + 1, nullptr);
  ASSERT_EQ(airtok_list_encoding_names(c_names.data(), c_names.size()), names.size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], c_names[i]);

  for (const char* model :
       {"gpt-4o", "gpt-4", "gpt-3.5-turbo", "text-davinci-003", "text-davinci-edit-001", "gpt2",
        "gpt-4o-mini-2024-07-18", "ft:gpt-4o:org::abc", "gpt-oss-120b", "o1", "code-davinci-002"}) {
    std::string expected;
    try {
      expected = airtok::encoding_name_for_model(model);
    } catch (const airtok::Error& e) {
      EXPECT_EQ(airtok_encoding_name_for_model(model), nullptr) << model;
      EXPECT_STREQ(airtok_last_error(), e.what());
      continue;
    }
    const char* got = airtok_encoding_name_for_model(model);
    ASSERT_NE(got, nullptr) << model << ": " << airtok_last_error();
    EXPECT_EQ(expected, got) << model;
    EXPECT_EQ(airtok_encoding_for_model(model), airtok_get_encoding(got));
  }
  try {
    airtok::get_encoding("nope");
    ADD_FAILURE() << "get_encoding(\"nope\") did not throw";
  } catch (const airtok::UnknownEncodingError& e) {
    EXPECT_EQ(airtok_get_encoding("nope"), nullptr);
    EXPECT_STREQ(airtok_last_error(), e.what());
  }
}

class PerEncoding : public ::testing::TestWithParam<std::string> {
 protected:
  const airtok::Encoding& cpp() const { return airtok::get_encoding(GetParam()); }
  const airtok_encoding* c() const { return c_handle(GetParam()); }
};

TEST_P(PerEncoding, Properties) {
  const airtok::Encoding& enc = cpp();
  const airtok_encoding* h = c();
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(enc.name(), airtok_encoding_name(h));
  EXPECT_EQ(enc.pattern(), airtok_encoding_pattern(h));
  EXPECT_EQ(enc.n_vocab(), airtok_n_vocab(h));
  EXPECT_EQ(enc.max_token_value(), airtok_max_token_value(h));
  EXPECT_EQ(enc.eot_token(), airtok_eot_token(h));
  for (const auto& [text, id] : enc.special_tokens()) {
    EXPECT_EQ(airtok_is_special_token(h, id), 1) << text;
    EXPECT_EQ(airtok_encode_single_token(h, text.data(), text.size()), id) << text;
  }
  for (Rank r : {Rank{0}, Rank{1}, Rank{255}, Rank{1000}, enc.max_token_value()}) {
    EXPECT_EQ(airtok_is_special_token(h, r), enc.is_special_token(r) ? 1 : 0) << r;
  }
}

TEST_P(PerEncoding, EncodeMatches) {
  const airtok::Encoding& enc = cpp();
  const airtok_encoding* h = c();
  ASSERT_NE(h, nullptr);
  for (const std::string& text : all_samples()) {
    SCOPED_TRACE(testing::PrintToString(text));
    std::vector<Rank> ordinary = enc.encode_ordinary(text);
    EXPECT_EQ(c_encode_ordinary(h, text), ordinary);
    EXPECT_EQ(airtok_count_ordinary(h, text.data(), text.size()), ordinary.size());
    EXPECT_EQ(c_encode_bytes(h, text), enc.encode_bytes(text));

    std::vector<Rank> ids;
    std::string error;
    ASSERT_TRUE(c_encode(h, text, &airtok_special_all, nullptr, &ids, &error)) << error;
    EXPECT_EQ(ids, enc.encode(text, airtok::SpecialSet::all()));
    EXPECT_EQ(airtok_count(h, text.data(), text.size(), &airtok_special_all, nullptr), ids.size());
    ASSERT_TRUE(c_encode(h, text, nullptr, &airtok_special_none, &ids, &error)) << error;
    EXPECT_EQ(ids, ordinary);

    // Default arguments: the same ids or the same error message.
    std::vector<Rank> expected;
    std::string expected_error;
    try {
      expected = enc.encode(text);
    } catch (const airtok::DisallowedSpecialError& e) {
      expected_error = e.what();
    }
    bool ok = c_encode(h, text, nullptr, nullptr, &ids, &error);
    EXPECT_EQ(ok, expected_error.empty());
    if (ok) {
      EXPECT_EQ(ids, expected);
    } else {
      EXPECT_EQ(error, expected_error);
      EXPECT_EQ(airtok_count(h, text.data(), text.size(), nullptr, nullptr), AIRTOK_ERROR);
    }
  }
}

TEST_P(PerEncoding, DecodeMatches) {
  const airtok::Encoding& enc = cpp();
  const airtok_encoding* h = c();
  ASSERT_NE(h, nullptr);
  std::mt19937 rng(7);
  std::uniform_int_distribution<Rank> any_id(0, enc.max_token_value());
  for (int round = 0; round < 200; ++round) {
    std::vector<Rank> ids;
    for (int k = std::uniform_int_distribution<int>(0, 12)(rng); k > 0; --k) {
      Rank id = any_id(rng);
      try {
        (void)enc.decode_single_token_bytes(id);
        ids.push_back(id);
      } catch (const airtok::InvalidTokenError&) {
        // not a token (a gap below max_token_value); decode must fail the same way below
      }
    }
    EXPECT_EQ(c_decode(h, ids, true), enc.decode(ids));
    EXPECT_EQ(c_decode(h, ids, false), enc.decode_bytes(ids));
  }
  for (Rank id : {Rank{0}, Rank{100}, enc.eot_token()}) {
    std::string bytes = enc.decode_single_token_bytes(id);
    std::string buf(bytes.size() + 1, 'x');
    EXPECT_EQ(airtok_decode_single_token_bytes(h, id, buf.data(), buf.size()), bytes.size());
    EXPECT_EQ(buf.substr(0, bytes.size()), bytes);
  }
  // An invalid id: the C++ message.
  std::vector<Rank> bad = {0, static_cast<Rank>(enc.n_vocab())};
  try {
    (void)enc.decode(bad);
    ADD_FAILURE() << "decode of an invalid id did not throw";
  } catch (const airtok::InvalidTokenError& e) {
    char buf[8];
    EXPECT_EQ(airtok_decode(h, bad.data(), bad.size(), buf, sizeof buf), AIRTOK_ERROR);
    EXPECT_STREQ(airtok_last_error(), e.what());
  }
}

std::string encoding_test_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

INSTANTIATE_TEST_SUITE_P(AllBuiltins, PerEncoding,
                         ::testing::ValuesIn(airtok::list_encoding_names()), encoding_test_name);

}  // namespace
