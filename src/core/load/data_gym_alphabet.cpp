// data_gym_alphabet.cpp — converting between GPT-2's data-gym text and token bytes.
#include "core/load/data_gym_alphabet.hpp"

#include "core/hex.hpp"
#include "core/utf8.hpp"

namespace airtok::detail {

bool decode_data_gym(std::string_view text, std::string& out, char32_t& bad_char) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = decode_checked(text, pos);
    if (c == kInvalidCodePoint) {
      bad_char = 0xFFFD;
      return false;
    }
    if (c >= kDataGymCharLimit || kDataGymAlphabet.char_to_byte[c] < 0) {
      bad_char = c;
      return false;
    }
    out += static_cast<char>(kDataGymAlphabet.char_to_byte[c]);
  }
  return true;
}

std::string encode_data_gym(std::string_view bytes) {
  std::string out;
  for (const char byte : bytes) {
    append_utf8(kDataGymAlphabet.byte_to_char[static_cast<unsigned char>(byte)], out);
  }
  return out;
}

std::string describe_char(char32_t c) {
  std::string out = "U+";
  append_hex_upper(static_cast<std::uint32_t>(c), out, c > 0xFFFF ? 6 : 4);
  if (c > 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0) && c <= 0x10FFFF &&
      !(c >= 0xD800 && c <= 0xDFFF)) {
    out += " ('";
    append_utf8(c, out);
    out += "')";
  }
  return out;
}

}  // namespace airtok::detail
