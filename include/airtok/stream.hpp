// airtok/stream.hpp — encoding or counting a stream of any size in bounded memory.
//
//   airtok::StreamEncoder stream(airtok::get_encoding("cl100k_base"));
//   std::size_t total = 0;
//   while (read(chunk)) total += stream.feed(chunk).size();   // chunks of any size or split
//   total += stream.finish().size();                          // == count_ordinary(all bytes)
//
// The ids are exactly encode_ordinary's over the concatenation of everything fed, including
// tiktoken's `_encode_bytes` handling of invalid UTF-8. Text is held back only until a safe cut
// point (between an ASCII letter and a space, where no piece can span the cut) has been seen,
// so memory stays bounded by the longest stretch without one. Two cases cannot be bounded, for
// exactness: a single piece (e.g. gigabytes of one letter) is merged as a whole, and after the
// first byte that is not valid UTF-8 tiktoken's semantics make the rest of the stream one
// piece. Custom patterns other than the built-in ones have no known safe cut: their stream is
// held whole until finish().
//
// A StreamEncoder is not thread-safe (one per stream); the Encoding it uses may be shared.
#pragma once

#include <airtok/export.h>
#include <airtok/encoding.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airtok {

class AIRTOK_API StreamEncoder {
 public:
  explicit StreamEncoder(Encoding encoding);

  /// Adds bytes to the stream and returns the ids that no later bytes can change (valid until
  /// the next call).
  std::span<const Rank> feed(std::string_view bytes);
  /// Ends the stream and returns the remaining ids. The encoder can then be reused for a new
  /// stream.
  std::span<const Rank> finish();
  /// Bytes held back so far (waiting for a safe cut).
  std::size_t pending_bytes() const noexcept { return buffer_.size() - consumed_; }

 private:
  Encoding encoding_;
  std::string buffer_;
  std::size_t consumed_ = 0;   // buffer_[0, consumed_) is encoded
  std::size_t valid_end_ = 0;  // buffer_[consumed_, valid_end_) is valid UTF-8, searched for cuts
  bool invalid_ = false;       // an invalid byte follows valid_end_: no cut after it, ever
  std::vector<Rank> ids_;
};

}  // namespace airtok
