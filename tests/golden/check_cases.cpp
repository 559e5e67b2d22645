// check_cases — runs reference test cases (JSON Lines written by tools/oracle/*.mjs from npm
// tiktoken@1.0.22) through airtok and reports every difference.
//
// Usage: airtok_check_cases --encoding NAME FILE...
// Each case's `op` (encode_ordinary, encode, encode_bytes, decode) is run; ids, errors,
// decode_bytes, decode (replacement) and decode_with_offsets are compared with the expected
// fields that are present (tools/oracle/README.md documents the format). The last line is
// "N passed, M failed"; the exit status is non-zero if anything failed or no case ran.
#include <airtok/registry.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using airtok::Rank;
using nlohmann::json;

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

airtok::SpecialSet special_set(const json& j) {
  if (j.is_string() && j.get<std::string>() == "all") return airtok::SpecialSet::all();
  return airtok::SpecialSet(j.get<std::vector<std::string>>());
}

std::string show(const std::vector<Rank>& ids) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < ids.size(); ++i) out << (i ? "," : "") << ids[i];
  return out.str() + ']';
}

/// Runs one case; returns an empty string when it passes, else what differs.
std::string check(const airtok::Encoding& enc, const json& c) {
  const std::string op = c.at("op");
  const std::string input = c.contains("hex") ? from_hex(c["hex"]) : c.value("text", "");
  std::vector<Rank> ids;
  if (op == "decode") {
    ids = c.at("tokens_in").get<std::vector<Rank>>();
  } else {
    // The count functions keep no ids: each is checked against the reference's count too.
    std::size_t count = 0;
    const auto disallowed_error = [&](const airtok::DisallowedSpecialError& e) -> std::string {
      if (!c.contains("error")) return std::string("unexpected error: ") + e.what();
      if (c["error"].at("token") != e.token()) {
        return "error names " + e.token() + ", expected " + c["error"]["token"].dump();
      }
      return {};
    };
    try {
      if (op == "encode_ordinary") {
        ids = enc.encode_ordinary(input);
        count = enc.count_ordinary(input);
      } else if (op == "encode") {
        const airtok::SpecialSet allowed = special_set(c.at("allowed"));
        const airtok::SpecialSet disallowed = special_set(c.at("disallowed"));
        try {
          count = enc.count(input, allowed, disallowed);
        } catch (const airtok::DisallowedSpecialError& e) {
          if (std::string problem = disallowed_error(e); !problem.empty()) {
            return "count: " + problem;
          }
          count = SIZE_MAX;  // encode must fail the same way
        }
        ids = enc.encode(input, allowed, disallowed);
        if (count == SIZE_MAX) return "count raised DisallowedSpecialError but encode did not";
      } else if (op == "encode_bytes") {
        ids = enc.encode_bytes(input);
        count = enc.count_ordinary(input);
      } else {
        return "unknown op " + op;
      }
    } catch (const airtok::DisallowedSpecialError& e) {
      return disallowed_error(e);
    }
    if (c.contains("error")) return "expected error " + c["error"].dump() + ", got " + show(ids);
    const auto expected = c.at("tokens").get<std::vector<Rank>>();
    if (ids != expected) return "ids " + show(ids) + "\n   expected " + show(expected);
    if (count != expected.size()) {
      return "count " + std::to_string(count) + ", expected " + std::to_string(expected.size());
    }
  }
  if (c.contains("bytes_hex")) {
    const std::string bytes = enc.decode_bytes(ids);
    if (to_hex(bytes) != c["bytes_hex"]) return "decode_bytes differs";
    if (enc.decode(ids) != c.at("decoded").get<std::string>()) return "decode differs";
    if (c.contains("offsets")) {
      const auto got = enc.decode_with_offsets(ids);
      if (got.offsets != c["offsets"].get<std::vector<std::size_t>>() || got.text != bytes) {
        return "decode_with_offsets differs";
      }
    } else if (c.value("offsets_error", false)) {
      try {
        enc.decode_with_offsets(ids);
        return "decode_with_offsets should fail on invalid UTF-8";
      } catch (const airtok::Error&) {
      }
    }
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  std::string encoding;
  bool generic = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--encoding" && i + 1 < argc) {
      encoding = argv[++i];
    } else if (arg == "--generic") {
      generic = true;
    } else {
      files.push_back(arg);
    }
  }
  if (encoding.empty() || files.empty()) {
    std::cerr << "usage: airtok_check_cases --encoding NAME [--generic] FILE...\n";
    return 2;
  }
  const airtok::Encoding& builtin = airtok::get_encoding(encoding);
  // --generic: the same encoding with its pattern wrapped in a group, which no built-in
  // scanner claims, so every case goes through the PCRE2 pre-tokenizer.
  const airtok::Encoding enc =
      generic ? airtok::Encoding::create(builtin.name(), "(?:" + builtin.pattern() + ")",
                                         builtin.mergeable_ranks(), builtin.special_tokens())
              : builtin;
  std::size_t passed = 0, failed = 0;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) {
      std::cerr << "cannot read " << file << "\n";
      return 2;
    }
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
      if (line.empty()) continue;
      const json c = json::parse(line);
      std::string problem;
      try {
        problem = check(enc, c);
      } catch (const std::exception& e) {
        problem = std::string("exception: ") + e.what();
      }
      if (problem.empty()) {
        ++passed;
      } else if (++failed <= 25) {
        std::cout << file << ":" << n << ": [" << c.value("case", "") << "] " << problem << "\n";
      }
    }
  }
  std::cout << encoding << (generic ? " (generic pre-tokenizer)" : "") << ": " << passed
            << " passed, " << failed << " failed\n";
  return failed == 0 && passed > 0 ? 0 : 1;
}
