// airtok/error.hpp — the exceptions the C++ API throws.
//
// Loading and configuration fail with exceptions whose message names the file, the line, the
// value and, where there is one, the fix. Encoding never throws on content; only documented API
// misuse (a disallowed special token in the text, an unknown token id) is an error.
#pragma once

#include <airtok/export.h>

#include <cstddef>
#include <cstdint>
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
/// a single token to `encode_single_token` (tiktoken raises KeyError for both).
class AIRTOK_API InvalidTokenError : public Error {
 public:
  using Error::Error;
};

}  // namespace airtok
