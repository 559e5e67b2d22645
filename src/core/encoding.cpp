// encoding.cpp — tiktoken's encode / decode semantics on top of the rank table, the
// pre-tokenizer and the BPE merge.
#include "core/bpe.hpp"
#include "core/disallowed_message.hpp"
#include "core/encoding_impl.hpp"
#include "core/hex.hpp"
#include "core/parallel.hpp"
#include "core/thread_state.hpp"
#include "core/tuning.hpp"
#include "core/utf8.hpp"
#include "pretok/scanners.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <string>

namespace airtok {

namespace detail {

namespace {

/// Python's repr() of a str, as tiktoken's error message shows the token.
std::string python_repr(std::string_view s) {
  const bool use_double =
      s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos;
  const char quote = use_double ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == '\\' || c == quote) out += '\\';
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      append_byte_escape(static_cast<unsigned char>(c), out);
    } else {
      out += c;  // non-ASCII characters Python deems unprintable are not escaped here
    }
  }
  return out + quote;
}

std::uint64_t next_encoding_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1);
}

[[noreturn]] void raise_disallowed(const std::string& token) {
  throw DisallowedSpecialError(tiktoken_disallowed_message(python_repr(token)), token);
}

std::vector<std::string> keys(const SpecialTokens& specials) {
  std::vector<std::string> out;
  out.reserve(specials.size());
  for (const auto& entry : specials) out.push_back(entry.first);
  return out;
}

/// tiktoken's `_increase_last_piece_token_len` test: the token's bytes are all ' ', '\n', '\t'.
bool token_is_all_space(const Vocab& vocab, Rank r) {
  const std::string_view bytes = vocab.token(r);
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

/// The merge starts from single bytes, so a byte with no rank of its own could not be encoded:
/// tiktoken panics when it meets one in a text; such a vocabulary is refused here instead, so
/// encoding never fails on content.
void require_every_byte(const Vocab& vocab) {
  std::size_t missing = 0;
  int first = -1;
  for (int b = 0; b < 256; ++b) {
    if (vocab.byte_rank(static_cast<unsigned char>(b)) != kNoRank) continue;
    if (missing++ == 0) first = b;
  }
  if (missing == 0) return;
  throw InvalidEncodingError(
      "mergeable_ranks has no token for the single byte " +
      hex_byte(static_cast<unsigned char>(first)) +
      (missing > 1 ? " (nor for " + std::to_string(missing - 1) + " other byte values)" : "") +
      ": every byte value 0x00-0xff needs a rank of its own, or a text holding that byte could "
      "not be encoded (tiktoken would panic on such a text; airtok refuses the vocabulary)");
}

}  // namespace

EncodingImpl::EncodingImpl(std::string name, std::string pattern, Vocab vocab,
                           SpecialTokens specials, std::optional<std::size_t> explicit_n_vocab)
    : id_(next_encoding_id()),
      name_(std::move(name)),
      pattern_(std::move(pattern)),
      vocab_(std::move(vocab)),
      specials_(std::move(specials)),
      special_matcher_(keys(specials_)) {
  Rank max_value = vocab_.token_count() == 0 ? 0 : vocab_.max_rank();
  for (const auto& [text, rank] : specials_) {
    if (text.empty()) throw InvalidEncodingError("a special token's text is empty");
    if (vocab_.has_rank(rank)) {
      throw InvalidEncodingError("special token \"" + text + "\" has id " + std::to_string(rank) +
                                 ", which is already the rank of an ordinary token");
    }
    // Two special texts may share an id (o200k_harmony gives 200018 to both <|endofprompt|> and
    // <|reserved_200018|>; tiktoken accepts that). Both encode to the id; it decodes to the
    // text that sorts first, where tiktoken's choice depends on hash order.
    special_by_rank_.emplace(rank, text);
    max_value = std::max(max_value, rank);
  }
  max_token_value_ = max_value;
  for (std::size_t i = 0; i < special_matcher_.size(); ++i) {
    special_ranks_.push_back(specials_.find(special_matcher_.text(i))->second);
  }
  if (explicit_n_vocab) {
    const std::size_t count = vocab_.token_count() + specials_.size();
    if (count != *explicit_n_vocab || std::size_t{max_token_value_} + 1 != *explicit_n_vocab) {
      throw InvalidEncodingError(
          "explicit_n_vocab is " + std::to_string(*explicit_n_vocab) + " but the encoding has " +
          std::to_string(vocab_.token_count()) + " ranks and " + std::to_string(specials_.size()) +
          " special tokens (" + std::to_string(count) + " in all) and its largest id is " +
          std::to_string(max_token_value_) +
          "; both must equal explicit_n_vocab (minus one for the id)");
    }
  }
  require_every_byte(vocab_);
  family_ = pattern_family(pattern_);
  pretokenizer_ = make_pretokenizer(pattern_);
}

const std::string* EncodingImpl::special_text(Rank r) const noexcept {
  const auto it = special_by_rank_.find(r);
  return it == special_by_rank_.end() ? nullptr : &it->second;
}

template <class Scanner>
std::size_t EncodingImpl::encode_pieces(std::string_view text, std::vector<Rank>& out) const {
  std::size_t last_piece_len = 0;
  PieceCache& cache = ThreadState::current().piece_cache(id_);
  for_each_piece<Scanner>(text, [&](std::size_t begin, std::size_t end) {
    // One byte (a tenth to a sixth of the pieces of prose and code) is its own token: every
    // byte has one (the constructor checks), so it needs no call.
    if (end - begin == 1) {
      out.push_back(vocab_.byte_rank(static_cast<unsigned char>(text[begin])));
      last_piece_len = 1;
      return;
    }
    const std::size_t before = out.size();
    bpe_encode(vocab_, cache, text.substr(begin, end - begin), out, piece_bytes());
    last_piece_len = out.size() - before;
  });
  return last_piece_len;
}

template <class F>
void EncodingImpl::visit_pieces(std::string_view text, F&& piece) const {
  switch (family_) {
    case PatternFamily::r50k:
      return for_each_piece<ScannerR50k>(text, piece);
    case PatternFamily::cl100k:
      return for_each_piece<ScannerCl100k>(text, piece);
    case PatternFamily::o200k:
      return for_each_piece<ScannerO200k>(text, piece);
    case PatternFamily::generic:
      break;
  }
  Piece p;
  for (std::size_t from = 0; from <= text.size() && pretokenizer_->next_piece(text, from, p);
       from = p.end) {
    piece(p.begin, p.end);
  }
}

std::size_t EncodingImpl::count_ordinary_valid(std::string_view text) const {
  // One thread-local lookup per call, not per piece (in a shared library each access to a
  // thread_local may be a call to __tls_get_addr).
  ThreadState& state = ThreadState::current();
  std::vector<Rank>& piece_tokens = state.count_tokens;
  std::size_t count = 0;
  PieceCache& cache = state.piece_cache(id_);
  visit_pieces(text, [&](std::size_t begin, std::size_t end) {
    // One byte is one token (see encode_pieces).
    count += end - begin == 1 ? 1
                              : bpe_count(vocab_, cache, text.substr(begin, end - begin),
                                          piece_tokens, piece_bytes());
  });
  trim_scratch(piece_tokens);
  return count;
}

std::size_t EncodingImpl::encode_ordinary_valid(std::string_view text,
                                                std::vector<Rank>& out) const {
  // The built-in pattern families are dispatched once per text, so each scanner's `next` is
  // inlined into its loop; other patterns go through the virtual PreTokenizer.
  switch (family_) {
    case PatternFamily::r50k:
      return encode_pieces<ScannerR50k>(text, out);
    case PatternFamily::cl100k:
      return encode_pieces<ScannerCl100k>(text, out);
    case PatternFamily::o200k:
      return encode_pieces<ScannerO200k>(text, out);
    case PatternFamily::generic:
      break;
  }
  std::size_t last_piece_len = 0;
  PieceCache& cache = ThreadState::current().piece_cache(id_);
  Piece piece;
  for (std::size_t from = 0; from <= text.size() && pretokenizer_->next_piece(text, from, piece);
       from = piece.end) {
    const std::size_t before = out.size();
    bpe_encode(vocab_, cache, text.substr(piece.begin, piece.end - piece.begin), out,
               piece_bytes());
    last_piece_len = out.size() - before;
  }
  return last_piece_len;
}

void EncodingImpl::encode_segment_bytes(std::string_view bytes, std::vector<Rank>& out) const {
  const std::size_t valid = utf8_valid_up_to(bytes);
  if (valid == bytes.size()) {
    encode_ordinary_valid(bytes, out);
    return;
  }
  // tiktoken's `_encode_bytes`: encode the valid prefix, take back the tokens of its last piece
  // (widened over whitespace-only tokens before it), and merge their bytes with all the rest
  // as one piece.
  const std::size_t start = out.size();
  std::size_t last = encode_ordinary_valid(bytes.substr(0, valid), out);
  const std::size_t produced = out.size() - start;
  if (last > 0 && token_is_all_space(vocab_, out[out.size() - last])) {
    while (last < produced && token_is_all_space(vocab_, out[out.size() - last - 1])) ++last;
  }
  std::string unstable;
  if (produced > 0 && last > 0) {
    for (std::size_t i = out.size() - last; i < out.size(); ++i) {
      unstable += vocab_.token(out[i]);
    }
    out.resize(out.size() - last);
  }
  unstable.append(bytes.substr(valid));
  bpe_encode(vocab_, unstable, out);
}

std::size_t EncodingImpl::encode_native(std::string_view text, const std::vector<char>* allowed,
                                        std::vector<Rank>& out) const {
  std::size_t start = 0;
  SpecialMatcher::Match m;
  while (allowed != nullptr && special_matcher_.find(text, start, allowed, m)) {
    encode_segment_bytes(text.substr(start, m.begin - start), out);
    out.push_back(special_ranks_[m.index]);
    start = m.begin + m.length;
  }
  const std::size_t before = out.size();
  const std::string_view rest = text.substr(start);
  if (utf8_valid_up_to(rest) == rest.size()) return encode_ordinary_valid(rest, out);
  encode_segment_bytes(rest, out);
  return out.size() - before;
}

std::size_t EncodingImpl::count_segment_bytes(std::string_view bytes) const {
  const std::size_t valid = utf8_valid_up_to(bytes);
  if (valid == bytes.size()) return count_ordinary_valid(bytes);
  // encode_segment_bytes takes back the tokens of the last piece and, when that piece's first
  // token is all spaces, the all-space tokens right before it. So this keeps, besides the
  // count, the pieces of the current all-space run (the byte ranges whose tokens are the
  // all-space tokens at the end of the pieces before the last one) and the last piece.
  struct Range {
    std::size_t begin, end;
  };
  struct LastPiece {
    Range bytes{0, 0};
    std::size_t tokens = 0;
    bool widens = false;     // its first token is all spaces
    bool all_space = false;  // all its tokens are
    Range space_suffix{0, 0};
    std::size_t space_suffix_tokens = 0;
  };
  const std::string_view text = bytes.substr(0, valid);
  ThreadState& state = ThreadState::current();  // one thread-local lookup per call
  std::vector<Rank>& piece_tokens = state.segment_count_tokens;
  PieceCache& cache = state.piece_cache(id_);
  std::size_t total = 0;
  std::vector<Range> run;
  std::size_t run_tokens = 0;
  std::optional<LastPiece> last;
  visit_pieces(text, [&](std::size_t begin, std::size_t end) {
    if (last) {  // the previous piece is not the last: add its all-space tokens to the run
      if (last->all_space) {
        run.push_back(last->bytes);
        run_tokens += last->tokens;
      } else {
        run.clear();
        if (last->space_suffix_tokens > 0) run.push_back(last->space_suffix);
        run_tokens = last->space_suffix_tokens;
      }
    }
    piece_tokens.clear();
    bpe_encode(vocab_, cache, text.substr(begin, end - begin), piece_tokens, piece_bytes());
    LastPiece p{{begin, end}, piece_tokens.size()};
    std::size_t suffix_bytes = 0;
    while (p.space_suffix_tokens < p.tokens &&
           token_is_all_space(vocab_, piece_tokens[p.tokens - 1 - p.space_suffix_tokens])) {
      suffix_bytes += vocab_.token(piece_tokens[p.tokens - 1 - p.space_suffix_tokens]).size();
      ++p.space_suffix_tokens;
    }
    p.all_space = p.space_suffix_tokens == p.tokens;
    p.widens = p.tokens > 0 && token_is_all_space(vocab_, piece_tokens[0]);
    p.space_suffix = {end - suffix_bytes, end};
    total += p.tokens;
    last = p;
  });
  std::string unstable;
  std::size_t taken_back = 0;
  if (last && last->tokens > 0) {
    if (last->widens) {
      for (const Range& r : run) unstable.append(text.substr(r.begin, r.end - r.begin));
      taken_back = run_tokens;
    }
    unstable.append(text.substr(last->bytes.begin, last->bytes.end - last->bytes.begin));
    taken_back += last->tokens;
  }
  unstable.append(bytes.substr(valid));
  piece_tokens.clear();
  bpe_encode(vocab_, unstable, piece_tokens);
  return total - taken_back + piece_tokens.size();
}

std::size_t EncodingImpl::count_native(std::string_view text,
                                       const std::vector<char>* allowed) const {
  std::size_t count = 0;
  std::size_t start = 0;
  SpecialMatcher::Match m;
  while (allowed != nullptr && special_matcher_.find(text, start, allowed, m)) {
    count += count_segment_bytes(text.substr(start, m.begin - start)) + 1;
    start = m.begin + m.length;
  }
  return count + count_segment_bytes(text.substr(start));
}

void EncodingImpl::resolve_specials(std::string_view text, const SpecialSet& allowed,
                                    const SpecialSet& disallowed,
                                    std::vector<char>& allowed_mask) const {
  allowed_mask.assign(special_matcher_.size(), allowed.is_all() ? 1 : 0);
  if (!allowed.is_all()) {
    for (const std::string& t : allowed.tokens()) {
      for (std::size_t i = 0; i < special_matcher_.size(); ++i) {
        if (special_matcher_.text(i) == t) allowed_mask[i] = 1;
      }
    }
  }
  SpecialMatcher::Match m;
  if (disallowed.is_all()) {
    std::vector<char> disallowed_mask(allowed_mask.size());
    for (std::size_t i = 0; i < allowed_mask.size(); ++i) disallowed_mask[i] = !allowed_mask[i];
    if (special_matcher_.find(text, 0, &disallowed_mask, m)) {
      raise_disallowed(special_matcher_.text(m.index));
    }
  } else if (!disallowed.tokens().empty()) {
    // tiktoken searches for exactly the given texts, special tokens or not.
    const SpecialMatcher matcher(disallowed.tokens());
    if (matcher.find(text, 0, nullptr, m)) raise_disallowed(matcher.text(m.index));
  }
}

void EncodingImpl::append_token_bytes(Rank r, std::string& out) const {
  if (vocab_.has_rank(r)) {
    out += vocab_.token(r);
  } else if (const std::string* s = special_text(r)) {
    out += *s;
  } else {
    throw InvalidTokenError("invalid token id " + std::to_string(r) + " for encoding " + name_ +
                                " (its ids are 0.." + std::to_string(max_token_value_) +
                                ", and this one is neither a rank nor a special token)",
                            r);
  }
}

const std::vector<Rank>& EncodingImpl::sorted_ranks() const {
  std::call_once(sorted_once_, [this] {
    sorted_ranks_.reserve(vocab_.token_count());
    for (Rank r = 0; r < vocab_.rank_count(); ++r) {
      if (vocab_.has_rank(r)) sorted_ranks_.push_back(r);
    }
    std::sort(sorted_ranks_.begin(), sorted_ranks_.end(),
              [this](Rank a, Rank b) { return vocab_.token(a) < vocab_.token(b); });
  });
  return sorted_ranks_;
}

}  // namespace detail

// ---- SpecialSet -------------------------------------------------------------------------------

SpecialSet::SpecialSet(std::initializer_list<std::string_view> tokens)
    : tokens_(tokens.begin(), tokens.end()) {}
SpecialSet::SpecialSet(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}
SpecialSet SpecialSet::all() {
  SpecialSet s;
  s.all_ = true;
  return s;
}

// ---- Encoding ---------------------------------------------------------------------------------

namespace {

/// An empty id vector with room for the ids of `text`: real text has 0.2-0.4 tokens per byte,
/// so one allocation instead of a dozen growing copies.
std::vector<Rank> ids_for(std::string_view text) {
  std::vector<Rank> out;
  out.reserve(text.size() / 3 + 16);
  return out;
}

/// Whether resolve_specials allowed any special token. When none is, the text is encoded as
/// ordinary text without looking for special tokens a second time (the disallowed check has
/// already refused every one of them that occurs, or none was to be refused).
bool any_allowed(const std::vector<char>& allowed_mask) {
  return std::find(allowed_mask.begin(), allowed_mask.end(), 1) != allowed_mask.end();
}

}  // namespace

Encoding Encoding::create(std::string name, std::string pat_str, MergeableRanks mergeable_ranks,
                          SpecialTokens special_tokens,
                          std::optional<std::size_t> explicit_n_vocab) {
  detail::Vocab vocab = detail::Vocab::build(mergeable_ranks);
  return Encoding(std::make_shared<const detail::EncodingImpl>(
      std::move(name), std::move(pat_str), std::move(vocab), std::move(special_tokens),
      explicit_n_vocab));
}

const std::string& Encoding::name() const noexcept { return impl_->name(); }
const std::string& Encoding::pattern() const noexcept { return impl_->pattern(); }
std::size_t Encoding::n_vocab() const noexcept { return std::size_t{impl_->max_token_value()} + 1; }
Rank Encoding::max_token_value() const noexcept { return impl_->max_token_value(); }
const SpecialTokens& Encoding::special_tokens() const noexcept { return impl_->specials(); }
std::size_t Encoding::mergeable_count() const noexcept { return impl_->vocab().token_count(); }

Rank Encoding::eot_token() const {
  const auto it = impl_->specials().find("<|endoftext|>");
  if (it == impl_->specials().end()) {
    throw InvalidTokenError("encoding " + name() + " has no <|endoftext|> token");
  }
  return it->second;
}

bool Encoding::is_special_token(Rank token) const noexcept {
  return impl_->special_text(token) != nullptr;
}

std::vector<Rank> Encoding::encode(std::string_view text, const SpecialSet& allowed,
                                   const SpecialSet& disallowed) const {
  std::vector<char> allowed_mask;
  impl_->resolve_specials(text, allowed, disallowed, allowed_mask);
  std::vector<Rank> out = ids_for(text);
  impl_->encode_native(text, any_allowed(allowed_mask) ? &allowed_mask : nullptr, out);
  return out;
}

std::vector<Rank> Encoding::encode_ordinary(std::string_view text) const {
  std::vector<Rank> out = ids_for(text);
  impl_->encode_native(text, nullptr, out);
  return out;
}

std::vector<Rank> Encoding::encode_bytes(std::string_view bytes) const {
  std::vector<Rank> out;
  impl_->encode_segment_bytes(bytes, out);
  return out;
}

Rank Encoding::encode_single_token(std::string_view bytes) const {
  if (const Rank r = impl_->vocab().find(bytes); r != detail::kNoRank) return r;
  if (const auto it = impl_->specials().find(bytes); it != impl_->specials().end()) {
    return it->second;
  }
  throw InvalidTokenError("no single token of encoding " + name() + " has these " +
                          std::to_string(bytes.size()) + " bytes");
}

std::vector<Rank> Encoding::encode_single_piece(std::string_view bytes) const {
  std::vector<Rank> out;
  detail::bpe_encode(impl_->vocab(), bytes, out);
  return out;
}

std::size_t Encoding::count(std::string_view text, const SpecialSet& allowed,
                            const SpecialSet& disallowed) const {
  std::vector<char> allowed_mask;
  impl_->resolve_specials(text, allowed, disallowed, allowed_mask);
  return impl_->count_native(text, any_allowed(allowed_mask) ? &allowed_mask : nullptr);
}

std::size_t Encoding::count_ordinary(std::string_view text) const {
  return impl_->count_segment_bytes(text);
}

std::size_t Encoding::encode_ordinary_to(std::string_view text, std::span<Rank> out) const {
  // Reused: no allocation once warm (freed after a text of more than kScratchKeepBytes/4 ids).
  std::vector<Rank>& scratch = detail::ThreadState::current().ordinary_to;
  scratch.clear();
  impl_->encode_native(text, nullptr, scratch);
  std::copy_n(scratch.begin(), std::min(scratch.size(), out.size()), out.begin());
  const std::size_t count = scratch.size();
  detail::trim_scratch(scratch);
  return count;
}

std::string Encoding::decode_bytes(std::span<const Rank> tokens) const {
  std::string out;
  for (Rank r : tokens) impl_->append_token_bytes(r, out);
  return out;
}

std::string Encoding::decode(std::span<const Rank> tokens) const {
  const std::string bytes = decode_bytes(tokens);
  if (detail::utf8_valid_up_to(bytes) == bytes.size()) return bytes;
  std::string out;
  out.reserve(bytes.size() + 16);
  detail::append_utf8_replacing(bytes, out);
  return out;
}

std::string Encoding::decode_single_token_bytes(Rank token) const {
  std::string out;
  impl_->append_token_bytes(token, out);
  return out;
}

std::vector<std::string> Encoding::decode_tokens_bytes(std::span<const Rank> tokens) const {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (Rank r : tokens) out.push_back(decode_single_token_bytes(r));
  return out;
}

DecodedWithOffsets Encoding::decode_with_offsets(std::span<const Rank> tokens) const {
  // tiktoken's formula: a token that starts with a continuation byte belongs to the character
  // begun by the previous token, so its offset is one less (never below zero).
  DecodedWithOffsets result;
  std::size_t text_len = 0;
  for (Rank r : tokens) {
    const std::size_t before = result.text.size();
    impl_->append_token_bytes(r, result.text);
    const std::string_view t = std::string_view(result.text).substr(before);
    const bool continuation = detail::is_continuation_byte(static_cast<unsigned char>(t[0]));
    result.offsets.push_back(text_len - (continuation && text_len > 0 ? 1 : 0));
    text_len += detail::utf8_length(t);
  }
  if (const detail::Utf8Invalid bad = detail::utf8_first_invalid(result.text);
      bad.offset != result.text.size()) {
    throw Utf8Error("decode_with_offsets: the tokens' bytes are not valid UTF-8 (at byte " +
                        std::to_string(bad.offset) + ": " + bad.reason +
                        "); tiktoken raises UnicodeDecodeError here",
                    bad.offset, bad.length, bad.reason);
  }
  return result;
}

std::vector<std::string> Encoding::decode_batch(std::span<const std::vector<Rank>> batch,
                                                unsigned num_threads) const {
  std::vector<std::string> out(batch.size());
  detail::parallel_for(batch.size(), num_threads,
                       [&](std::size_t i) { out[i] = decode(batch[i]); });
  return out;
}

std::vector<std::string> Encoding::token_byte_values() const {
  const detail::Vocab& vocab = impl_->vocab();
  std::vector<std::string> out;
  out.reserve(vocab.token_count());
  for (Rank r : impl_->sorted_ranks()) out.emplace_back(vocab.token(r));
  return out;
}

MergeableRanks Encoding::mergeable_ranks() const {
  const detail::Vocab& vocab = impl_->vocab();
  MergeableRanks out;
  out.reserve(vocab.token_count());
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    if (vocab.has_rank(r)) out.emplace_back(vocab.token(r), r);
  }
  return out;
}

}  // namespace airtok
