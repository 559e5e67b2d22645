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
}

bool SpecialMatcher::find(std::string_view haystack, std::size_t from,
                          const std::vector<char>* enabled, Match& match) const {
  if (texts_.empty()) return false;
  const std::size_t shortest = lengths_.back();
  for (std::size_t pos = from; pos + shortest <= haystack.size(); ++pos) {
    if (!first_byte_[static_cast<unsigned char>(haystack[pos])]) continue;
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
