// pretok_compare.hpp — runs two pre-tokenizers over the same text and reports the first place
// where their pieces differ (shared by the scanner tests and the fuzz target).
#pragma once

#include "pretok/pretokenizer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airtok::testing {

inline std::vector<detail::Piece> pieces(const detail::PreTokenizer& p, std::string_view text) {
  std::vector<detail::Piece> out;
  detail::Piece piece;
  for (std::size_t from = 0; from <= text.size() && p.next_piece(text, from, piece);
       from = piece.end) {
    out.push_back(piece);
  }
  return out;
}

/// Empty when both cut `text` the same way, else a description of the first difference.
inline std::string compare_pieces(const detail::PreTokenizer& expected,
                                  const detail::PreTokenizer& actual, std::string_view text) {
  const auto a = pieces(expected, text), b = pieces(actual, text);
  for (std::size_t i = 0; i < a.size() || i < b.size(); ++i) {
    if (i < a.size() && i < b.size() && a[i].begin == b[i].begin && a[i].end == b[i].end) continue;
    auto show = [](const std::vector<detail::Piece>& v, std::size_t k) {
      if (k >= v.size()) return std::string("none");
      std::string r = "[";
      r.append(std::to_string(v[k].begin)).append(",").append(std::to_string(v[k].end));
      return r.append(")");
    };
    std::string msg = "piece ";
    msg.append(std::to_string(i)).append(": expected ").append(show(a, i));
    msg.append(", got ").append(show(b, i));
    return msg;
  }
  return {};
}

}  // namespace airtok::testing
