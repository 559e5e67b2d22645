// chunk_test.cpp — `airtok truncate` and `airtok chunk` on random texts: the token bound (counted
// by the library on each piece), exact reconstruction, offsets, no cut inside a character, the
// preferred boundary, and maximality of truncate.
#include "cli_run.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <random>

namespace {

using namespace cli_test;

// Random lines and paragraphs of mixed scripts, emoji, digits and whitespace runs.
std::string random_document(std::mt19937& rng, std::size_t size) {
  static const char* const kPieces[] = {"word",
                                        " the",
                                        " Hello",
                                        "  ",
                                        "\n",
                                        "\n\n",
                                        " 2024",
                                        "'s",
                                        ",",
                                        ".",
                                        " caf\xc3\xa9",
                                        " \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
                                        "\t",
                                        " \xf0\x9f\x98\x80\xf0\x9f\x91\x8d",
                                        "       ",
                                        " x",
                                        "\xd0\x9f\xd1\x80\xd0\xb8",
                                        "(){}",
                                        "\r\n",
                                        " \xe0\xa4\xb9\xe0\xa4\xbf"};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPieces) - 1);
  std::string text;
  while (text.size() < size) text += kPieces[pick(rng)];
  return text;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

struct ChunkLine {
  std::string text;
  std::size_t byte_start = 0, byte_end = 0, char_start = 0, char_end = 0, tokens = 0;
};

std::size_t number_field(const std::string& line, const std::string& name) {
  const std::size_t at = line.find("\"" + name + "\":");
  EXPECT_NE(at, std::string::npos) << name << " in " << line;
  return std::stoul(line.substr(at + name.size() + 3));
}

// The "text" string of a line, unescaped (the command escapes only \" \\ \n \t \r and \u00XX).
std::string text_field(const std::string& line) {
  std::size_t i = line.find("\"text\":\"") + 8;
  std::string text;
  for (; line[i] != '"'; ++i) {
    if (line[i] != '\\') {
      text += line[i];
      continue;
    }
    const char e = line[++i];
    if (e == 'u') {
      text += static_cast<char>(std::stoi(line.substr(i + 1, 4), nullptr, 16));
      i += 4;
    } else {
      text += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    }
  }
  return text;
}

std::vector<ChunkLine> parse_chunks(const std::string& out) {
  std::vector<ChunkLine> chunks;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(number_field(line, "index"), chunks.size());
    chunks.push_back({text_field(line), number_field(line, "byte_start"),
                      number_field(line, "byte_end"), number_field(line, "char_start"),
                      number_field(line, "char_end"), number_field(line, "tokens")});
  }
  return chunks;
}

void check_chunks(const std::string& text, const std::vector<ChunkLine>& chunks,
                  const airtok::Encoding& enc, std::size_t max_tokens,
                  const std::string& boundary) {
  std::string rebuilt;
  std::size_t done = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const ChunkLine& c = chunks[i];
    SCOPED_TRACE("chunk " + std::to_string(i));
    ASSERT_LE(c.byte_start, done);
    ASSERT_GT(c.byte_end, done);
    if (i > 0) {
      EXPECT_GT(c.byte_start, chunks[i - 1].byte_start);
    }
    EXPECT_EQ(c.text, text.substr(c.byte_start, c.byte_end - c.byte_start));
    EXPECT_EQ(c.tokens, enc.count_ordinary(c.text));
    EXPECT_LE(c.tokens, max_tokens);
    EXPECT_EQ(c.char_start, code_points(text.substr(0, c.byte_start)));
    EXPECT_EQ(c.char_end, code_points(text.substr(0, c.byte_end)));
    EXPECT_FALSE(c.byte_end < text.size() && is_continuation(text[c.byte_end]));
    EXPECT_FALSE(is_continuation(text[c.byte_start]));
    // The preferred boundary: a chunk ends after a newline unless none lies in its new part.
    if (boundary == "line" && c.byte_end < text.size() && text[c.byte_end - 1] != '\n') {
      EXPECT_EQ(text.substr(done, c.byte_end - 1 - done).find('\n'), std::string::npos);
    }
    rebuilt += c.text.substr(done - c.byte_start);
    done = c.byte_end;
  }
  EXPECT_EQ(rebuilt, text);
}

TEST(CliChunk, InvariantsOnRandomTexts) {
  std::mt19937 rng(42);
  const std::string path = tmp_path("doc.txt");
  int runs = 0;
  for (const std::string encoding : {"cl100k_base", "o200k_base", "gpt2"}) {
    const airtok::Encoding& enc = airtok::get_encoding(encoding);
    for (const std::string boundary : {"line", "paragraph", "token"}) {
      for (const auto& [max_tokens, overlap] :
           {std::pair<std::size_t, std::size_t>{8, 0}, {8, 3}, {50, 10}, {300, 0}, {300, 299}}) {
        const std::string text = random_document(rng, 1000 + rng() % 8000);
        write_file(path, text);
        SCOPED_TRACE(encoding + " " + boundary + " max " + std::to_string(max_tokens) +
                     " overlap " + std::to_string(overlap));
        const Result r =
            run({"chunk", "-e", encoding, path, "--max-tokens", std::to_string(max_tokens),
                 "--overlap", std::to_string(overlap), "--boundary", boundary});
        ASSERT_EQ(r.status, 0) << r.err;
        check_chunks(text, parse_chunks(r.out), enc, max_tokens, boundary);
        ++runs;
      }
    }
  }
  EXPECT_EQ(runs, 45);
}

TEST(CliChunk, ParagraphsArePreferred) {
  const std::string first = "First paragraph, one line.\n\n", second_line = "Second paragraph\n";
  const std::string text = first + second_line + "with two lines.\n\nThird.\n";
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  // Room for the first paragraph and a line of the second, not for both paragraphs.
  const std::size_t max_tokens = enc.count_ordinary(first + second_line) + 1;
  ASSERT_GT(enc.count_ordinary(text.substr(0, text.find("Third"))), max_tokens);
  const std::string n = std::to_string(max_tokens);
  const Result paragraph = run({"chunk", "--max-tokens", n, "--boundary", "paragraph"}, text);
  ASSERT_EQ(paragraph.status, 0) << paragraph.err;
  const std::vector<ChunkLine> chunks = parse_chunks(paragraph.out);
  check_chunks(text, chunks, enc, max_tokens, "paragraph");
  ASSERT_FALSE(chunks.empty());
  EXPECT_EQ(chunks[0].text, first);
  const std::vector<ChunkLine> by_line =
      parse_chunks(run({"chunk", "--max-tokens", n, "--boundary", "line"}, text).out);
  ASSERT_FALSE(by_line.empty());
  EXPECT_EQ(by_line[0].text, first + second_line);
}

TEST(CliChunk, InvalidUtf8AndEdgeCases) {
  const std::string bytes = "ok \xff\xfe then \xe6\x97 cut \x80 and more words here\n";
  const Result r = run({"chunk", "--max-tokens", "4", "--boundary", "token"}, bytes);
  ASSERT_EQ(r.status, 0) << r.err;
  std::string rebuilt;
  for (const ChunkLine& c : parse_chunks(r.out)) {
    EXPECT_LE(c.tokens, 4u);
    EXPECT_EQ(c.tokens, airtok::get_encoding("cl100k_base")
                            .count_ordinary(std::string_view(bytes).substr(
                                c.byte_start, c.byte_end - c.byte_start)));
    rebuilt += bytes.substr(c.byte_start, c.byte_end - c.byte_start);
  }
  EXPECT_EQ(rebuilt, bytes);
  EXPECT_NE(r.out.find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD in the JSON text

  EXPECT_EQ(run({"chunk", "--max-tokens", "5"}, "").out, "");
  expect_error(run({"chunk", "--max-tokens", "5", "--overlap", "5"}, "x"), "--overlap");
  expect_error(run({"chunk", "--max-tokens", "1"}, "\xf0\x9f\xa6\x9c"), "larger --max-tokens");
  expect_error(run({"chunk", "--boundary", "word", "--max-tokens", "5"}, "x"), "word", 2);
  expect_error(run({"chunk"}, "x"), "--max-tokens", 2);
}

TEST(CliTruncate, LongestPrefixWithinBudgetOnRandomTexts) {
  std::mt19937 rng(9);
  int checked = 0;
  for (const std::string encoding : {"cl100k_base", "o200k_base", "r50k_base"}) {
    const airtok::Encoding& enc = airtok::get_encoding(encoding);
    for (int round = 0; round < 6; ++round) {
      const std::string text = random_document(rng, 200 + rng() % 3000);
      const std::size_t total = enc.count_ordinary(text);
      for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, total / 2,
                                  total - 1, total, total + 5}) {
        SCOPED_TRACE(encoding + " n " + std::to_string(n));
        const Result r = run({"truncate", "-e", encoding, "--max-tokens", std::to_string(n)}, text);
        ASSERT_EQ(r.status, 0) << r.err;
        ASSERT_EQ(text.rfind(r.out, 0), 0u);  // a prefix
        EXPECT_LE(enc.count_ordinary(r.out), n);
        if (r.out.size() < text.size()) {
          EXPECT_FALSE(is_continuation(text[r.out.size()]));  // no character cut
          std::size_t next = r.out.size() + 1;                // one more character is too many
          while (next < text.size() && is_continuation(text[next])) ++next;
          EXPECT_GT(enc.count_ordinary(text.substr(0, next)), n);
        } else {
          EXPECT_LE(total, n);
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 126);
  const std::string path = tmp_path("t.txt");
  write_file(path, "\xf0\x9f\xa6\x9c\xf0\x9f\xa6\x9c");  // two emoji of several tokens each
  const Result r = run({"truncate", "-n", "3", path});
  EXPECT_EQ(r.out.size() % 4, 0u) << "no character cut";
  EXPECT_LE(airtok::get_encoding("cl100k_base").count_ordinary(r.out), 3u);
}

}  // namespace
