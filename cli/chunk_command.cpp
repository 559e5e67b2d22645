// chunk_command.cpp — truncate and chunk. A cut inside a pre-tokenizer piece can change how the
// text before it encodes, so every candidate end is checked by counting the candidate text
// itself: the bounds hold by construction, not by assumption. Candidates come from the token
// ends of an encoding of a window after the chunk start (grown until it holds more than
// max_tokens tokens), so a chunk costs a few encodings of about its own size.
#include "chunk_command.hpp"

#include "input.hpp"
#include "output.hpp"
#include "text.hpp"

#include <algorithm>
#include <optional>

namespace airtok::cli {
namespace {

constexpr std::size_t kMinWindowBytes = 4096;
constexpr std::size_t kWindowBytesPerToken = 8;  // first guess; the window doubles as needed

// Byte offsets (from the start of `text`) where each of `ids` ends.
std::vector<std::size_t> token_ends(const Encoding& encoding, const std::vector<Rank>& ids) {
  std::vector<std::size_t> ends;
  ends.reserve(ids.size());
  std::size_t end = 0;
  for (Rank id : ids) ends.push_back(end += encoding.decode_single_token_bytes(id).size());
  return ends;
}

bool preferred(std::string_view text, std::size_t pos, Boundary boundary) {
  if (boundary == Boundary::token || pos == 0 || text[pos - 1] != '\n') return false;
  return boundary == Boundary::line || (pos >= 2 && text[pos - 2] == '\n');
}

class Chunker {
 public:
  Chunker(const Encoding& encoding, std::string_view text, std::size_t max_tokens,
          Boundary boundary)
      : encoding_(encoding), text_(text), max_(max_tokens), boundary_(boundary) {}

  // The longest chunk from `start` ending after `min_end` (see chunk_text), if any.
  std::optional<Chunk> next(std::size_t start, std::size_t min_end) const {
    std::size_t window = std::max(kMinWindowBytes, (max_ + 1) * kWindowBytesPerToken);
    for (;; window *= 2) {
      const std::string_view part = text_.substr(start, window);
      const std::vector<Rank> ids = encoding_.encode_ordinary(part);
      if (ids.size() <= max_ && start + part.size() == text_.size()) {
        return Chunk{start, text_.size(), ids.size()};
      }
      if (ids.size() > max_) return best_end(start, min_end, token_ends(encoding_, ids));
    }
  }

 private:
  std::optional<Chunk> fits(std::size_t start, std::size_t end) const {
    if (!is_char_boundary(text_, end)) return std::nullopt;
    const std::size_t n = encoding_.count_ordinary(text_.substr(start, end - start));
    return n <= max_ ? std::optional<Chunk>(Chunk{start, end, n}) : std::nullopt;
  }

  std::optional<Chunk> best_end(std::size_t start, std::size_t min_end,
                                const std::vector<std::size_t>& ends) const {
    const std::size_t hard = start + ends[max_ - 1];  // end of the first max_tokens tokens
    // 1. The preferred boundaries (paragraph falls back to line), last first.
    for (Boundary b : {boundary_, Boundary::line}) {
      if (boundary_ == Boundary::token) break;
      for (std::size_t pos = hard; pos > min_end; --pos) {
        if (!preferred(text_, pos, b)) continue;
        if (auto chunk = fits(start, pos)) return chunk;
      }
    }
    // 2. Token ends, then (a token may end inside a character) any character boundary.
    for (std::size_t k = std::min(max_, ends.size()); k-- > 0;) {
      if (start + ends[k] <= min_end) break;
      if (auto chunk = fits(start, start + ends[k])) return chunk;
    }
    for (std::size_t pos = hard; pos > min_end; --pos) {
      if (auto chunk = fits(start, pos)) return chunk;
    }
    return std::nullopt;
  }

  const Encoding& encoding_;
  std::string_view text_;
  std::size_t max_;
  Boundary boundary_;
};

// Where the chunk after `chunk` starts so that it repeats about `overlap` of its last tokens.
std::size_t overlap_start(const Encoding& encoding, std::string_view text, const Chunk& chunk,
                          std::size_t overlap) {
  if (overlap == 0) return chunk.end;
  const std::vector<Rank> ids =
      encoding.encode_ordinary(text.substr(chunk.start, chunk.end - chunk.start));
  if (ids.size() <= overlap) return chunk.end;
  std::size_t pos = chunk.start + token_ends(encoding, ids)[ids.size() - overlap - 1];
  while (pos < chunk.end && !is_char_boundary(text, pos)) ++pos;
  return pos;
}

}  // namespace

std::size_t truncated_length(const Encoding& encoding, std::string_view text,
                             std::size_t max_tokens) {
  const std::vector<Rank> ids = encoding.encode_ordinary(text);
  if (ids.size() <= max_tokens) return text.size();
  std::size_t upper = 0;
  for (std::size_t i = 0; i <= max_tokens; ++i) {
    upper += encoding.decode_single_token_bytes(ids[i]).size();
  }
  for (std::size_t len = upper;; --len) {
    if (is_char_boundary(text, len) && encoding.count_ordinary(text.substr(0, len)) <= max_tokens) {
      return len;
    }
  }
}

std::vector<Chunk> chunk_text(const Encoding& encoding, std::string_view text,
                              std::size_t max_tokens, std::size_t overlap, Boundary boundary) {
  if (max_tokens == 0 || overlap >= max_tokens) {
    throw CliError("--overlap (" + std::to_string(overlap) + ") must be less than --max-tokens (" +
                   std::to_string(max_tokens) + ")");
  }
  const Chunker chunker(encoding, text, max_tokens, boundary);
  std::vector<Chunk> chunks;
  std::size_t start = 0, done = 0;  // text[0, done) is covered
  while (done < text.size()) {
    std::optional<Chunk> chunk = chunker.next(start, done);
    if (!chunk && start < done) chunk = chunker.next(start = done, done);  // drop the overlap
    if (!chunk) {
      throw CliError("the character at byte " + std::to_string(done) + " needs more than " +
                     std::to_string(max_tokens) + " tokens; use a larger --max-tokens");
    }
    chunks.push_back(*chunk);
    done = chunk->end;
    start = overlap_start(encoding, text, *chunk, overlap);
  }
  return chunks;
}

BudgetCommand::BudgetCommand(CLI::App& app, const std::string& name, const std::string& description,
                             const std::string& budget)
    : EncodingCommand(app, name, description) {
  command().add_option("file", path_, "File to read, '-' for standard input (the default)");
  command().add_option("-n,--max-tokens", max_tokens_, budget)->required();
}

TruncateCommand::TruncateCommand(CLI::App& app)
    : BudgetCommand(app, "truncate",
                    "Print the longest prefix of FILE (or standard input) that is at most "
                    "--max-tokens tokens, never cutting a UTF-8 character",
                    "The token budget") {
  command().footer("Example:\n  airtok truncate -m gpt-4o --max-tokens 1000 report.md > head.md");
}

int TruncateCommand::run(std::FILE* out) const {
  const std::string text = read_input(path());
  write_out(out,
            std::string_view(text).substr(0, truncated_length(encoding(), text, max_tokens())));
  return 0;
}

ChunkCommand::ChunkCommand(CLI::App& app)
    : BudgetCommand(app, "chunk",
                    "Cut FILE (or standard input) into chunks of at most --max-tokens tokens, "
                    "printed as JSON Lines: index, text, byte_start, byte_end, char_start, "
                    "char_end, tokens",
                    "Most tokens in a chunk") {
  command().add_option("--overlap", overlap_,
                       "Tokens each chunk repeats from the end of the previous one (default 0)");
  command()
      .add_option("--boundary", boundary_,
                  "Where chunks prefer to end: after a line (default), after a blank line, or "
                  "at any token")
      ->check(CLI::IsMember({"line", "paragraph", "token"}));
  command().footer(
      "Example:\n  airtok chunk book.txt --max-tokens 512 --overlap 64 --boundary paragraph\n\n"
      "Each chunk counts at most --max-tokens tokens on its own. Chunk i+1 starts byte_end(i) - "
      "byte_start(i+1) bytes before chunk i ends; dropping those bytes and joining gives the "
      "input back. Bytes that are not UTF-8 are U+FFFD in text (offsets stay exact).");
}

namespace {

// Option values already checked by CLI::IsMember.
Boundary boundary_named(const std::string& name) {
  if (name == "paragraph") return Boundary::paragraph;
  return name == "token" ? Boundary::token : Boundary::line;
}

}  // namespace

int ChunkCommand::run(std::FILE* out) const {
  const std::string input = read_input(path());
  const std::string_view text = input;
  const std::vector<Chunk> chunks =
      chunk_text(encoding(), text, max_tokens(), overlap_, boundary_named(boundary_));
  std::size_t cursor_byte = 0, cursor_char = 0;  // chunk starts only move forward
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    cursor_char += char_count(text.substr(cursor_byte, c.start - cursor_byte));
    cursor_byte = c.start;
    const std::string_view body = text.substr(c.start, c.end - c.start);
    const std::size_t char_end = cursor_char + char_count(body);
    const Json line = {{"index", i},        {"text", json_text(body)},   {"byte_start", c.start},
                       {"byte_end", c.end}, {"char_start", cursor_char}, {"char_end", char_end},
                       {"tokens", c.tokens}};
    write_out(out, line.dump() + "\n");
  }
  return 0;
}

}  // namespace airtok::cli
