// encoding_access.hpp — the library's own way into an Encoding. Its constructor from an
// implementation and its implementation are private; this struct, their one friend, lives in
// src/ only, so neither is part of the public API (nor of the shared library's symbols).
#pragma once

#include <airtok/encoding.hpp>

#include <memory>
#include <utility>

namespace airtok::detail {

struct EncodingAccess {
  static Encoding make(std::shared_ptr<const EncodingImpl> impl) noexcept {
    return Encoding(std::move(impl));
  }
  static const EncodingImpl& impl(const Encoding& encoding) noexcept { return *encoding.impl_; }
};

}  // namespace airtok::detail
