// base64.cpp — strict standard base64 (see base64.hpp for exactly what is accepted).
#include "core/load/base64.hpp"

#include "core/hex.hpp"

#include <array>
#include <cstdint>

namespace airtok::detail {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kNotBase64 = 0xFF;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> table{};
  table.fill(kNotBase64);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}
constexpr std::array<std::uint8_t, 256> kDecodeTable = make_decode_table();

std::string describe_bad_character(unsigned char byte) {
  if (byte == '=') return "'=' padding before the end";
  std::string reason = "byte " + hex_byte(byte);
  if (byte > 0x20 && byte < 0x7F) {
    reason += " ('";
    reason += static_cast<char>(byte);
    reason += "')";
  }
  return reason + " is not a base64 character";
}

}  // namespace

std::string base64_decode(std::string_view text, std::string& out) {
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  const std::string_view data = text.substr(0, text.size() - padding);
  const std::size_t tail = data.size() % 4;  // characters in the last, partial group

  out.resize(data.size() / 4 * 3 + (tail == 0 ? 0 : tail - 1));
  std::uint32_t bits = 0;
  std::size_t written = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const std::uint8_t value = kDecodeTable[static_cast<unsigned char>(data[i])];
    if (value == kNotBase64) return describe_bad_character(static_cast<unsigned char>(data[i]));
    bits = (bits << 6) | value;
    if (i % 4 == 3) {
      out[written++] = static_cast<char>(bits >> 16);
      out[written++] = static_cast<char>(bits >> 8);
      out[written++] = static_cast<char>(bits);
      bits = 0;
    }
  }
  if (data.empty()) return "no base64 characters, only padding";
  if (tail == 1) {
    return std::to_string(data.size()) +
           " base64 characters cannot encode whole bytes (1 more than a multiple of 4)";
  }
  if (padding != (4 - tail) % 4) {
    return "incorrect padding (" + std::to_string(data.size()) + " base64 characters need " +
           std::to_string((4 - tail) % 4) + " '=', found " + std::to_string(padding) + ")";
  }
  if (tail == 2) {
    out[written] = static_cast<char>(bits >> 4);
  } else if (tail == 3) {
    out[written] = static_cast<char>(bits >> 10);
    out[written + 1] = static_cast<char>(bits >> 2);
  }
  return {};
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto byte_at = [&](std::size_t k) -> std::uint32_t {
    return static_cast<unsigned char>(bytes[k]);
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t bits = byte_at(i) << 16 | byte_at(i + 1) << 8 | byte_at(i + 2);
    out += kAlphabet[bits >> 18];
    out += kAlphabet[(bits >> 12) & 63];
    out += kAlphabet[(bits >> 6) & 63];
    out += kAlphabet[bits & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  const std::uint32_t bits = byte_at(i) << 16 | (rest == 2 ? byte_at(i + 1) << 8 : 0);
  out += kAlphabet[bits >> 18];
  out += kAlphabet[(bits >> 12) & 63];
  out += rest == 2 ? kAlphabet[(bits >> 6) & 63] : '=';
  out += '=';
  return out;
}

}  // namespace airtok::detail
