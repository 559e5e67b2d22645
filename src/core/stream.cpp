// stream.cpp — see airtok/stream.hpp and core/split.hpp for why the cuts are exact.
#include "core/encoding_impl.hpp"
#include "core/split.hpp"
#include "core/tuning.hpp"
#include "core/utf8.hpp"

#include <airtok/stream.hpp>

namespace airtok {

namespace {
/// Bounded memory is this order of magnitude when text has ordinary words (tuning.hpp).
constexpr std::size_t kCompactBytes = detail::kStreamCompactBytes;
}  // namespace

StreamEncoder::StreamEncoder(Encoding encoding) : encoding_(std::move(encoding)) {}

std::span<const Rank> StreamEncoder::feed(std::string_view bytes) {
  ids_.clear();
  buffer_.append(bytes);
  if (!invalid_) {
    // Extend the valid region over the new bytes (an incomplete character at the end may still
    // be completed; four or more bytes that are not valid never will).
    const std::size_t searched = valid_end_;
    valid_end_ += detail::utf8_valid_up_to(std::string_view(buffer_).substr(valid_end_));
    invalid_ = buffer_.size() - valid_end_ >= 4;
    // The last cut in the new valid bytes, if any (a cut is "<letter><space>", before the space).
    const std::string_view text = std::string_view(buffer_).substr(0, valid_end_);
    const std::size_t from = std::max(consumed_, searched > 0 ? searched - 1 : 0);
    const std::size_t cut = detail::find_safe_cut_before(detail::EncodingAccess::impl(encoding_),
                                                         text, from, valid_end_, valid_end_ - from);
    if (cut > consumed_) {
      ids_ = encoding_.encode_ordinary(text.substr(consumed_, cut - consumed_));
      consumed_ = cut;
    }
  }
  if (consumed_ >= kCompactBytes && consumed_ * 2 >= buffer_.size()) {
    buffer_.erase(0, consumed_);
    valid_end_ -= consumed_;
    consumed_ = 0;
  }
  return ids_;
}

std::span<const Rank> StreamEncoder::finish() {
  ids_ = encoding_.encode_ordinary(std::string_view(buffer_).substr(consumed_));
  buffer_.clear();
  consumed_ = valid_end_ = 0;
  invalid_ = false;
  return ids_;
}

}  // namespace airtok
