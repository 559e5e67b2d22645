// fuzz_encode — any bytes through every encode path, then back.
//
// Invariants: encoding never throws on content; decode_bytes(encode_*(x)) == x; encode_ordinary
// == encode_bytes; count == size; encode with every special token allowed round-trips too;
// decode never produces invalid UTF-8. The first input byte picks the encoding.
#include <airtok/registry.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* kNames[] = {"r50k_base", "p50k_edit", "cl100k_base", "o200k_base",
                                 "o200k_harmony"};
  const airtok::Encoding& enc = airtok::get_encoding(kNames[data[0] % 5]);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  const auto ordinary = enc.encode_ordinary(text);
  check(enc.decode_bytes(ordinary) == text);
  check(enc.encode_bytes(text) == ordinary);
  check(enc.count_ordinary(text) == ordinary.size());

  const auto with_specials = enc.encode(text, airtok::SpecialSet::all());
  check(enc.decode_bytes(with_specials) == text);

  try {
    check(enc.encode(text) == ordinary);  // no special token text: same as ordinary
  } catch (const airtok::DisallowedSpecialError& e) {
    check(text.find(e.token()) != std::string_view::npos);
  }

  const std::string decoded = enc.decode(ordinary);
  check(enc.decode(enc.encode_ordinary(decoded)) == decoded);  // decode gives valid UTF-8
  return 0;
}
