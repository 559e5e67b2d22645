// output.cpp — see output.hpp.
#include "output.hpp"

#include "input.hpp"
#include "text.hpp"

#include <string>

namespace airtok::cli {

void write_out(std::FILE* out, std::string_view bytes) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) {
    throw CliError("cannot write the output");
  }
}

namespace {

void print_line(std::string_view prefix, std::string_view message) {
  std::string line(prefix);
  line.append(message).append("\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

void print_error(std::string_view message) { print_line("airtok: error: ", message); }

void print_warning(std::string_view message) { print_line("airtok: warning: ", message); }

Json json_text(std::string_view text) { return Json(replace_invalid_bytes(text)); }

}  // namespace airtok::cli
