// pcre2_pretokenizer.cpp — the generic pre-tokenizer: any tiktoken pattern, run by PCRE2 (JIT).
//
// Exactness rests on two things. The pattern is first rewritten by translate_pattern_for_pcre2
// so that every Unicode class comes from our Unicode 16.0 tables (Debian's PCRE2 has older
// tables and a different \s). And the matching options give Rust regex's semantics where PCRE2
// differs: `$` is the end of the text only (PCRE2_DOLLAR_ENDONLY), matches are leftmost-first
// with backtracking as in fancy-regex, and iteration continues at the end of each match.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/thread_state.hpp"
#include "core/tuning.hpp"
#include "core/utf8.hpp"
#include "pretok/pattern_translate.hpp"
#include "pretok/pretokenizer.hpp"

#include <airtok/error.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace airtok::detail {

namespace {

/// Per-thread matching state: PCRE2's match data and JIT stack may not be shared by threads.
/// PCRE2's create calls return NULL when they cannot allocate; that throws ResourceError (from the
/// thread's first match, and again from its next one, which tries anew). The JIT stack is also
/// NULL when PCRE2 has no JIT, which is no error: matching then runs in the interpreter.
struct MatchState {
  pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
  pcre2_match_context* context = pcre2_match_context_create(nullptr);
  pcre2_jit_stack* jit_stack = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
  MatchState() {
    if (const std::string missing = what_is_missing(); !missing.empty()) {
      release();  // the destructor does not run when the constructor throws
      throw ResourceError("the PCRE2 pre-tokenizer cannot allocate its " + missing +
                          " for this thread: out of memory (or of address space: see ulimit -v)");
    }
    pcre2_jit_stack_assign(context, nullptr, jit_stack);
    pcre2_set_heap_limit(context, 1024 * 1024);  // KiB: the interpreter's backtracking memory
    pcre2_set_match_limit(context, 0xFFFFFFFFu);
  }
  ~MatchState() { release(); }
  MatchState(const MatchState&) = delete;
  MatchState& operator=(const MatchState&) = delete;

 private:
  static constexpr std::size_t kJitStackStart = kJitStackStartBytes;  // tuning.hpp
  static constexpr std::size_t kJitStackMax = kJitStackMaxBytes;
  /// What PCRE2 could not allocate, or "".
  std::string what_is_missing() const {
    if (data == nullptr) return "match data";
    if (context == nullptr) return "match context";
    if (jit_stack == nullptr && jit_available()) {
      return "JIT stack (which reserves " + std::to_string(kJitStackMax >> 20) +
             " MiB of address space)";
    }
    return "";
  }
  static bool jit_available() noexcept {
    std::uint32_t jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    return jit != 0;
  }
  void release() noexcept {  // each free function ignores NULL
    pcre2_jit_stack_free(jit_stack);
    pcre2_match_context_free(context);
    pcre2_match_data_free(data);
  }
};

/// The thread's state, created on its first match and freed by release_pcre2_thread_state.
thread_local std::unique_ptr<MatchState> t_state;

MatchState& match_state() {
  if (!t_state) t_state = std::make_unique<MatchState>();
  return *t_state;
}

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof buffer);
  return reinterpret_cast<const char*>(buffer);
}

class Pcre2PreTokenizer final : public PreTokenizer {
 public:
  explicit Pcre2PreTokenizer(const std::string& pattern) {
    const std::string translated = translate_pattern_for_pcre2(pattern);
    int error = 0;
    PCRE2_SIZE offset = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                          PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &error, &offset, nullptr);
    if (code_ == nullptr) {
      throw InvalidEncodingError("pattern cannot be compiled: " + pcre2_message(error) +
                                 " (at offset " + std::to_string(offset) +
                                 " of its PCRE2 translation)");
    }
    jit_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
  }
  ~Pcre2PreTokenizer() override { pcre2_code_free(code_); }
  Pcre2PreTokenizer(const Pcre2PreTokenizer&) = delete;
  Pcre2PreTokenizer& operator=(const Pcre2PreTokenizer&) = delete;

  bool next_piece(std::string_view text, std::size_t from, Piece& piece) const override {
    while (from <= text.size()) {
      // Callers pass valid UTF-8 only, so PCRE2's own check is skipped.
      if (!match(text, from, PCRE2_NO_UTF_CHECK, piece)) return false;
      if (piece.end > piece.begin) return true;
      // An empty match yields no piece (it has no tokens): take a non-empty match at the same
      // place if there is one, else go on one character later.
      from = piece.begin;
      if (match(text, from, PCRE2_NO_UTF_CHECK | PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED, piece)) {
        return true;
      }
      if (from >= text.size()) return false;
      do ++from;
      while (from < text.size() && is_continuation_byte(static_cast<unsigned char>(text[from])));
    }
    return false;
  }

 private:
  bool match(std::string_view text, std::size_t from, std::uint32_t options, Piece& piece) const {
    MatchState& st = match_state();
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    const int rc =
        jit_ && (options & PCRE2_ANCHORED) == 0
            ? pcre2_jit_match(code_, subject, text.size(), from, options, st.data, st.context)
            : pcre2_match(code_, subject, text.size(), from, options, st.data, st.context);
    if (rc == PCRE2_ERROR_NOMATCH) return false;
    if (rc < 0) {
      // Only a resource can fail here (the text is valid UTF-8 and the pattern compiled):
      // backtracking memory or JIT stack, on a pattern that backtracks catastrophically.
      throw ResourceError("the pre-tokenizer pattern could not be matched at byte " +
                          std::to_string(from) + " of a " + std::to_string(text.size()) +
                          "-byte text: " + pcre2_message(rc) +
                          " (PCRE2 limits: 1 GiB of backtracking memory, a 64 MiB JIT stack; a "
                          "pattern with nested repeats can need more)");
    }
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(st.data);
    piece = {ovector[0], ovector[1]};
    return true;
  }

  pcre2_code* code_ = nullptr;
  bool jit_ = false;
};

}  // namespace

void release_pcre2_thread_state() noexcept { t_state.reset(); }

std::unique_ptr<PreTokenizer> make_pcre2_pretokenizer(const std::string& pattern) {
  return std::make_unique<Pcre2PreTokenizer>(pattern);
}

}  // namespace airtok::detail
