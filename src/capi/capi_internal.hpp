// capi_internal.hpp — what the C API's source files share: the per-thread error message and the
// handle type, both owned by airtok_c.cpp (cache_c.cpp uses them).
#pragma once

#include <airtok/airtok.h>
#include <airtok/encoding.hpp>

#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace airtok::capi {

/// Sets the message airtok_last_error() returns on this thread.
void set_last_error(const char* message) noexcept;

/// A handle the caller owns (released with airtok_encoding_free). Throws InvalidEncodingError if
/// the encoding uses the id AIRTOK_INVALID_TOKEN, which the C API reserves.
airtok_encoding* make_owned_handle(airtok::Encoding encoding);

// The conventions every entry point shares (airtok_c.cpp, cache_c.cpp, harmony_c.cpp).

/// Runs `body`; on any exception records its message and returns `on_error`.
template <class T, class Body>
T guarded(T on_error, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    set_last_error("airtok: out of memory");
  } catch (const std::exception& e) {
    set_last_error(e.what());
  } catch (...) {
    set_last_error("airtok: unknown internal error");
  }
  return on_error;
}

/// Misuse of the C API: names the function and the argument at fault.
[[noreturn]] inline void misuse(const char* function, const char* problem) {
  throw std::invalid_argument(std::string(function) + ": " + problem);
}

/// Count-returning copy of ids: at most `cap` written, the full count returned.
inline size_t put_ids(const std::vector<airtok::Rank>& ids, uint32_t* out, size_t cap,
                      const char* function) {
  if (out == nullptr && cap != 0) misuse(function, "out is NULL but cap is not 0");
  std::copy_n(ids.begin(), std::min(ids.size(), cap), out);
  return ids.size();
}

/// snprintf-style copy of text: min(size, cap - 1) bytes and a NUL when cap > 0.
inline size_t put_text(const std::string& text, char* buf, size_t cap, const char* function) {
  if (buf == nullptr && cap != 0) misuse(function, "buf is NULL but cap is not 0");
  if (cap != 0) {
    const size_t n = std::min(text.size(), cap - 1);
    std::memcpy(buf, text.data(), n);
    buf[n] = '\0';
  }
  return text.size();
}

}  // namespace airtok::capi
