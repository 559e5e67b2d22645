// The built-in registry and tiktoken's model table.
#include "encodings/builtin.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

TEST(Registry, ListsTheSevenEncodingsInTiktokensOrder) {
  EXPECT_EQ(airtok::list_encoding_names(),
            (std::vector<std::string>{"gpt2", "r50k_base", "p50k_base", "p50k_edit", "cl100k_base",
                                      "o200k_base", "o200k_harmony"}));
}

TEST(Registry, SizesMatchDesignTable) {
  // n_vocab and special tokens as listed in DESIGN.md (tiktoken 0.14's definitions).
  const std::pair<const char*, std::size_t> sizes[] = {
      {"gpt2", 50257},          {"r50k_base", 50257},    {"p50k_base", 50281},
      {"p50k_edit", 50284},     {"cl100k_base", 100277}, {"o200k_base", 200019},
      {"o200k_harmony", 201088}};
  for (const auto& [name, n] : sizes) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    EXPECT_EQ(enc.n_vocab(), n) << name;
    EXPECT_EQ(enc.name(), name);
    EXPECT_EQ(enc.special_tokens().at("<|endoftext|>"), enc.eot_token());
  }
  EXPECT_EQ(airtok::get_encoding("o200k_harmony").special_tokens().at("<|call|>"), 200012u);
  EXPECT_EQ(airtok::get_encoding("o200k_harmony").special_tokens().size(), 1091u);
}

TEST(Registry, SameObjectEveryTime) {
  EXPECT_EQ(&airtok::get_encoding("o200k_base"), &airtok::get_encoding("o200k_base"));
}

TEST(Registry, EveryRowOfTheTableHasItsOwnEncoding) {
  // get_encoding keeps one slot per row of builtin_encodings(), sized from the table: every row,
  // the last included, resolves to its own encoding.
  std::set<const airtok::Encoding*> seen;
  for (const auto& def : airtok::detail::builtin_encodings()) {
    const airtok::Encoding& enc = airtok::get_encoding(def.name);
    EXPECT_EQ(enc.name(), def.name);
    EXPECT_TRUE(seen.insert(&enc).second) << def.name;
  }
  EXPECT_EQ(seen.size(), airtok::detail::builtin_encodings().size());
}

TEST(Registry, EachRowsSpecialTokensAreItsOwn) {
  // The special tokens come from the row itself (there is no lookup by name that could give an
  // unknown or misspelled name another encoding's tokens): each is a special token of the
  // encoding built from the row, each named one decodes to its own text (so its rank is not an
  // ordinary token of the row's vocabulary), and none lies past max_token_value. The golden
  // tests check the ranks against the reference.
  for (const auto& def : airtok::detail::builtin_encodings()) {
    const airtok::Encoding& enc = airtok::get_encoding(def.name);
    EXPECT_EQ(enc.special_tokens(), airtok::detail::special_tokens_of(def)) << def.name;
    ASSERT_FALSE(def.specials.empty()) << def.name;
    for (const auto& special : def.specials) {
      EXPECT_TRUE(enc.is_special_token(special.rank)) << def.name << " " << special.text;
      EXPECT_EQ(enc.decode_single_token_bytes(special.rank), special.text) << def.name;
      EXPECT_LE(special.rank, enc.max_token_value()) << def.name << " " << special.text;
    }
  }
}

TEST(Registry, UnknownEncodingNamesTheKnownOnes) {
  try {
    airtok::get_encoding("cl100k");
    FAIL();
  } catch (const airtok::UnknownEncodingError& e) {
    EXPECT_NE(std::string(e.what()).find("cl100k_base"), std::string::npos);
  }
}

TEST(Models, ExactNamesThenPrefixes) {
  EXPECT_EQ(airtok::encoding_name_for_model("gpt-4o"), "o200k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("gpt-4o-2024-05-13"), "o200k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("gpt-4-0613"), "cl100k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("gpt-4"), "cl100k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("gpt-3.5-turbo-16k"), "cl100k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("ft:gpt-4o-mini:org::id"), "o200k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("ft:gpt-4:org::id"), "cl100k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("gpt-oss-120b"), "o200k_harmony");
  EXPECT_EQ(airtok::encoding_name_for_model("text-davinci-003"), "p50k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("code-davinci-edit-001"), "p50k_edit");
  EXPECT_EQ(airtok::encoding_name_for_model("davinci"), "r50k_base");
  EXPECT_EQ(airtok::encoding_name_for_model("gpt2"), "gpt2");
  EXPECT_EQ(&airtok::encoding_for_model("o1"), &airtok::get_encoding("o200k_base"));
  EXPECT_THROW(airtok::encoding_name_for_model("llama-3"), airtok::UnknownEncodingError);
}

}  // namespace
