// capi_internal.hpp — what the C API's source files share: the per-thread error message and the
// handle type, both owned by airtok_c.cpp (cache_c.cpp uses them).
#pragma once

#include <airtok/airtok.h>
#include <airtok/encoding.hpp>

namespace airtok::capi {

/// Sets the message airtok_last_error() returns on this thread.
void set_last_error(const char* message) noexcept;

/// A handle the caller owns (released with airtok_encoding_free). Throws InvalidEncodingError if
/// the encoding uses the id AIRTOK_INVALID_TOKEN, which the C API reserves.
airtok_encoding* make_owned_handle(airtok::Encoding encoding);

}  // namespace airtok::capi
