// input.cpp — reading files and standard input as bytes; parsing token ids.
#include "input.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

namespace airtok::cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

std::string read_stream(std::FILE* stream, const std::string& name) {
  std::string data;
  char chunk[1 << 16];
  for (;;) {
    std::size_t got = std::fread(chunk, 1, sizeof chunk, stream);
    data.append(chunk, got);
    if (got < sizeof chunk) break;
  }
  if (std::ferror(stream)) {
    throw CliError("cannot read " + name + ": " + std::strerror(errno));
  }
  return data;
}

bool is_separator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == ',' ||
         c == '[' || c == ']';
}

Rank parse_one_id(std::string_view word) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec == std::errc::result_out_of_range ||
      (ec == std::errc() && value > std::numeric_limits<Rank>::max())) {
    throw CliError("token id '" + std::string(word) + "' is too large");
  }
  if (ec != std::errc() || end != word.data() + word.size()) {
    throw CliError("'" + std::string(word) + "' is not a token id (a non-negative integer)");
  }
  return static_cast<Rank>(value);
}

}  // namespace

std::string display_name(const std::string& path) {
  return path == kStdinName ? "standard input" : path;
}

std::string read_input(const std::string& path) {
  if (path == kStdinName) return read_stream(stdin, display_name(path));
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw CliError("cannot open " + path + ": " + std::strerror(errno));
  return read_stream(file.get(), path);
}

std::vector<Rank> parse_token_ids(std::string_view text) {
  std::vector<Rank> ids;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_separator(text[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && !is_separator(text[i])) ++i;
    ids.push_back(parse_one_id(text.substr(start, i - start)));
  }
  return ids;
}

}  // namespace airtok::cli
