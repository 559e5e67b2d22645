// special.cpp — see special.hpp.
#include "core/special.hpp"

#include <algorithm>
#include <cstring>

namespace airtok::detail {

SpecialMatcher::SpecialMatcher(std::vector<std::string> texts) : texts_(std::move(texts)) {
  // Empty texts would match everywhere; tiktoken's special tokens are never empty.
  std::erase_if(texts_, [](const std::string& t) { return t.empty(); });
  index_.reserve(texts_.size());
  for (std::size_t i = 0; i < texts_.size(); ++i) {
    index_.emplace(texts_[i], i);
    first_byte_[static_cast<unsigned char>(texts_[i][0])] = true;
    lengths_.push_back(texts_[i].size());
  }
  std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
  lengths_.erase(std::unique(lengths_.begin(), lengths_.end()), lengths_.end());
  if (texts_.empty()) return;
  const auto first = static_cast<unsigned char>(texts_[0][0]);
  if (std::all_of(texts_.begin(), texts_.end(), [&](const std::string& t) {
        return static_cast<unsigned char>(t[0]) == first;
      })) {
    only_first_byte_ = first;
  }
  if (lengths_.back() >= 2) {
    first_pairs_.assign(65536 / 64, 0);
    for (const std::string& t : texts_) {
      const unsigned pair =
          static_cast<unsigned char>(t[0]) << 8 | static_cast<unsigned char>(t[1]);
      first_pairs_[pair / 64] |= std::uint64_t{1} << (pair % 64);
    }
  }
}

bool SpecialMatcher::find(std::string_view haystack, std::size_t from,
                          const std::vector<char>* enabled, Match& match) const {
  if (texts_.empty()) return false;
  const std::size_t shortest = lengths_.back();
  const char* data = haystack.data();
  for (std::size_t pos = from; pos + shortest <= haystack.size(); ++pos) {
    if (only_first_byte_ >= 0) {
      const void* hit =
          std::memchr(data + pos, only_first_byte_, haystack.size() - shortest + 1 - pos);
      if (hit == nullptr) return false;
      pos = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
    } else if (!first_byte_[static_cast<unsigned char>(data[pos])]) {
      continue;
    }
    if (!first_pairs_.empty()) {  // every text has two bytes or more, so pos + 1 is in range
      const unsigned pair =
          static_cast<unsigned char>(data[pos]) << 8 | static_cast<unsigned char>(data[pos + 1]);
      if ((first_pairs_[pair / 64] >> (pair % 64) & 1) == 0) continue;
    }
    for (std::size_t len : lengths_) {
      if (pos + len > haystack.size()) continue;
      const auto it = index_.find(haystack.substr(pos, len));
      if (it == index_.end() || (enabled != nullptr && !(*enabled)[it->second])) continue;
      match = {pos, len, it->second};
      return true;
    }
  }
  return false;
}

}  // namespace airtok::detail
