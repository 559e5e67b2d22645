// airtok/error.hpp — the exceptions the C++ API throws.
//
// Loading and configuration fail with exceptions whose message names the file, the line, the
// value and, where there is one, the fix. Encoding never throws on content: only documented API
// misuse (a disallowed special token in the text, an unknown token id) is an error, besides
// running out of memory (std::bad_alloc) or past a limit no content can avoid (ResourceError).
// A vocabulary that some text could not be encoded with is refused when the encoding is built.
#pragma once

#include <airtok/export.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace airtok {

/// Base class of every exception airtok throws. `what()` is a complete, human-readable message.
class AIRTOK_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A vocabulary or cache file is missing, unreadable or malformed. `file()` names it; `line()` is
/// the 1-based line of the problem, or 0 when the problem is not tied to a line.
class AIRTOK_API LoadError : public Error {
 public:
  LoadError(const std::string& message, std::string file, std::size_t line = 0)
      : Error(message), file_(std::move(file)), line_(line) {}
  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

/// `get_encoding` was given a name that is not a known encoding, or `encoding_for_model` a model
/// it cannot map (tiktoken raises ValueError / KeyError for these).
class AIRTOK_API UnknownEncodingError : public Error {
 public:
  using Error::Error;
};

/// The arguments of a custom encoding are inconsistent (tiktoken's constructor checks), or a
/// pattern cannot be compiled.
class AIRTOK_API InvalidEncodingError : public Error {
 public:
  using Error::Error;
};

/// `encode` found the text of a disallowed special token (tiktoken raises ValueError).
class AIRTOK_API DisallowedSpecialError : public Error {
 public:
  DisallowedSpecialError(const std::string& message, std::string token)
      : Error(message), token_(std::move(token)) {}
  /// The special token's text as it appears in the input.
  const std::string& token() const noexcept { return token_; }

 private:
  std::string token_;
};

/// A token id that is not in the encoding was passed to a decode function, or bytes that are not
/// a single token to `encode_single_token` (tiktoken raises KeyError for both). `token()` is the
/// first such id, when the error is about an id.
class AIRTOK_API InvalidTokenError : public Error {
 public:
  explicit InvalidTokenError(const std::string& message,
                             std::optional<std::uint32_t> token = std::nullopt)
      : Error(message), token_(token) {}
  std::optional<std::uint32_t> token() const noexcept { return token_; }

 private:
  std::optional<std::uint32_t> token_;
};

/// Bytes that had to be UTF-8 are not (decode_with_offsets; tiktoken raises UnicodeDecodeError).
/// `offset()` is where the first invalid sequence starts, `length()` its length as Python's
/// decoder counts it (Unicode's "maximal subpart", at least 1) and `reason()` Python's words for
/// it: "invalid start byte", "invalid continuation byte" or "unexpected end of data".
class AIRTOK_API Utf8Error : public Error {
 public:
  Utf8Error(const std::string& message, std::size_t offset, std::size_t length, std::string reason)
      : Error(message), offset_(offset), length_(length), reason_(std::move(reason)) {}
  std::size_t offset() const noexcept { return offset_; }
  std::size_t length() const noexcept { return length_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::size_t offset_, length_;
  std::string reason_;
};

/// Encoding ran past a limit of the machine or of the implementation, not a fault of the text:
/// a single pre-tokenizer piece of 4 GiB or more, memory for the PCRE2 pre-tokenizer's
/// per-thread state, or (custom patterns only) PCRE2's backtracking memory or JIT stack on a
/// pattern that backtracks catastrophically on this text, where tiktoken's regex engine would
/// panic. The built-in encodings meet only the first.
class AIRTOK_API ResourceError : public Error {
 public:
  using Error::Error;
};

}  // namespace airtok
