// chunk_command.hpp — `airtok truncate` (the longest prefix within a token budget) and
// `airtok chunk` (pieces of at most N tokens for retrieval, as JSON Lines). Both count with
// encode_ordinary and never cut inside a UTF-8 character.
#pragma once

#include "commands.hpp"
#include "input.hpp"

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::cli {

/// Where `chunk` prefers to end a chunk: after a newline, after a blank line (falling back to a
/// newline), or at any token boundary.
enum class Boundary { line, paragraph, token };

/// One chunk: bytes [start, end) of the input and their token count.
struct Chunk {
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t tokens = 0;
};

/// Length of the longest prefix of `text` that starts no UTF-8 character it does not finish and
/// whose count_ordinary is at most `max_tokens`. Candidates are tried from the end of the first
/// max_tokens + 1 tokens downwards, so the result is the longest such prefix up to there.
std::size_t truncated_length(const Encoding& encoding, std::string_view text,
                             std::size_t max_tokens);

/// Cuts `text` into chunks of at most `max_tokens` tokens each (counted on the chunk alone),
/// each chunk but the first starting `overlap` tokens (about; never cutting a character) before
/// the end of the previous one. Chunks end at the last `boundary` that fits, else at the last
/// token or character boundary that fits. text == chunk 0 + for each next chunk its bytes from
/// the previous chunk's end. Empty text gives no chunks. Throws CliError when overlap >=
/// max_tokens or a single character needs more than max_tokens tokens.
std::vector<Chunk> chunk_text(const Encoding& encoding, std::string_view text,
                              std::size_t max_tokens, std::size_t overlap, Boundary boundary);

/// A command that reads FILE (or standard input) with a token budget: -e/--encoding or
/// -m/--model, then FILE and -n/--max-tokens (described by `budget`).
class BudgetCommand : public EncodingCommand {
 protected:
  BudgetCommand(CLI::App& app, const std::string& name, const std::string& description,
                const std::string& budget);
  const std::string& path() const noexcept { return path_; }
  std::size_t max_tokens() const noexcept { return max_tokens_; }

 private:
  std::string path_ = std::string(kStdinName);
  std::size_t max_tokens_ = 0;
};

/// `airtok truncate`: writes the longest prefix of the input within --max-tokens, unchanged.
class TruncateCommand : public BudgetCommand {
 public:
  explicit TruncateCommand(CLI::App& app);
  int run(std::FILE* out) const override;
};

/// `airtok chunk`: one JSON object per chunk and line: index, text (invalid UTF-8 as U+FFFD),
/// byte_start, byte_end, char_start, char_end (code points; an invalid byte counts one) and
/// tokens.
class ChunkCommand : public BudgetCommand {
 public:
  explicit ChunkCommand(CLI::App& app);
  int run(std::FILE* out) const override;

 private:
  std::size_t overlap_ = 0;
  std::string boundary_ = "line";
};

}  // namespace airtok::cli
