// data_gym_alphabet.hpp — GPT-2's byte ↔ character map, as tiktoken's
// `data_gym_to_mergeable_bpe_ranks` builds it.
//
// The bytes whose Latin-1 character is printable and not a space (0x21–0x7E, 0xA1–0xAC,
// 0xAE–0xFF: 188 bytes) stand for themselves; the other 68 bytes, in increasing order, are
// written as U+0100, U+0101, ... U+0143. The single-byte tokens get ranks 0..255 in the order
// "the 188 printable bytes, then the other 68" (`rank_to_intbyte`).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace airtok::detail {

inline constexpr std::size_t kDataGymCharLimit = 0x100 + 68;  // characters are < U+0144

/// chr(byte).isprintable() and chr(byte) != " " in Python, for a Latin-1 byte.
constexpr bool is_data_gym_printable(unsigned byte) {
  return (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) || byte >= 0xAE;
}

struct DataGymAlphabet {
  std::array<std::uint8_t, 256> rank_to_byte{};                // single-byte token ranks
  std::array<char32_t, 256> byte_to_char{};                    // byte → its character
  std::array<std::int16_t, kDataGymCharLimit> char_to_byte{};  // character → byte, -1 if none
};

constexpr DataGymAlphabet make_data_gym_alphabet() {
  DataGymAlphabet alphabet;
  alphabet.char_to_byte.fill(-1);
  std::size_t rank = 0;
  for (unsigned byte = 0; byte < 256; ++byte) {
    if (!is_data_gym_printable(byte)) continue;
    alphabet.rank_to_byte[rank++] = static_cast<std::uint8_t>(byte);
    alphabet.byte_to_char[byte] = byte;
    alphabet.char_to_byte[byte] = static_cast<std::int16_t>(byte);
  }
  char32_t next_char = 0x100;
  for (unsigned byte = 0; byte < 256; ++byte) {
    if (is_data_gym_printable(byte)) continue;
    alphabet.rank_to_byte[rank++] = static_cast<std::uint8_t>(byte);
    alphabet.byte_to_char[byte] = next_char;
    alphabet.char_to_byte[next_char++] = static_cast<std::int16_t>(byte);
  }
  return alphabet;
}

inline constexpr DataGymAlphabet kDataGymAlphabet = make_data_gym_alphabet();
static_assert(kDataGymAlphabet.rank_to_byte[0] == '!' &&
              kDataGymAlphabet.rank_to_byte[187] == 0xFF);
static_assert(kDataGymAlphabet.byte_to_char[' '] == U'\u0120', "GPT-2 writes a space as 'Ġ'");
static_assert(kDataGymAlphabet.byte_to_char[0xAD] == U'\u0143', "the last remapped byte");

/// Decodes data-gym text (UTF-8) to the bytes it stands for, appending them to `out`. Returns
/// false if a character is not in the alphabet, and sets `bad_char` to it (U+FFFD for invalid
/// UTF-8); `out` is then unspecified.
bool decode_data_gym(std::string_view text, std::string& out, char32_t& bad_char);

/// The data-gym text (UTF-8) of `bytes`: how GPT-2's files write that token.
std::string encode_data_gym(std::string_view bytes);

/// "U+0020 (' ')"-style description of a character, for messages.
std::string describe_char(char32_t c);

}  // namespace airtok::detail
