// consumer.cpp — a C++ program built against an installed airtok (see tests/install/run.sh).
// It uses the C++ API and checks that the C API agrees with it.
#include <airtok/airtok.h>
#include <airtok/encoding.hpp>
#include <airtok/registry.hpp>

#include <cstdio>
#include <string>
#include <vector>

int main() {
  const std::string text = "Hello from an installed airtok, in C++20!";
  try {
    const airtok::Encoding& enc = airtok::get_encoding("o200k_base");
    const std::vector<airtok::Rank> ids = enc.encode_ordinary(text);
    if (ids.empty() || enc.decode(ids) != text || enc.count_ordinary(text) != ids.size()) {
      std::fprintf(stderr, "C++ round trip failed\n");
      return 1;
    }
    std::vector<uint32_t> c_ids(text.size());
    size_t n = airtok_encode_ordinary(airtok_get_encoding("o200k_base"), text.data(), text.size(),
                                      c_ids.data(), c_ids.size());
    c_ids.resize(n == AIRTOK_ERROR ? 0 : n);
    if (c_ids != ids) {
      std::fprintf(stderr, "the C API disagrees with the C++ API: %s\n", airtok_last_error());
      return 1;
    }
    std::printf("C++ consumer: %zu tokens, round trip ok, C API agrees\n", ids.size());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception: %s\n", e.what());
    return 1;
  }
  return 0;
}
