// batch.cpp — the batch functions of Encoding: many texts encoded or counted in parallel on the
// process-wide pool (parallel.hpp), each text by the same single-text functions. Kept out of
// encoding.cpp so that the hot path's translation unit, and GCC's inlining decisions in it, do
// not change with them (added to encoding.cpp, they made GCC stop inlining scan::ascii_space
// into the piece loop). The std::string overloads pass views on.
#include "core/encoding_impl.hpp"
#include "core/parallel.hpp"
#include "core/split.hpp"
#include "core/tuning.hpp"
#include "core/utf8.hpp"

#include <airtok/encoding.hpp>

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airtok {

namespace {

struct Chunk {
  std::size_t text;
  std::size_t begin, end;
};

/// The batch's work items: whole texts, large ones cut into about detail::kBatchChunkBytes pieces.
std::vector<Chunk> plan_chunks(const detail::EncodingImpl& impl,
                               std::span<const std::string_view> texts) {
  std::vector<Chunk> chunks;
  for (std::size_t t = 0; t < texts.size(); ++t) {
    const std::string_view text = texts[t];
    // Only a text long enough to be cut needs its valid prefix (cuts are looked for in it).
    const bool long_text = text.size() > 2 * detail::kBatchChunkBytes;
    const std::size_t valid = long_text ? detail::utf8_valid_up_to(text) : 0;
    std::size_t begin = 0;
    while (text.size() - begin > 2 * detail::kBatchChunkBytes) {
      const std::size_t cut = detail::find_safe_cut_before(impl, text.substr(0, valid), begin + 1,
                                                           begin + detail::kBatchChunkBytes,
                                                           detail::kBatchCutSearchBytes);
      if (cut == 0) break;  // no safe cut near: the rest stays one item
      chunks.push_back({t, begin, cut});
      begin = cut;
    }
    chunks.push_back({t, begin, text.size()});
  }
  return chunks;
}

/// Views of `texts`, for the overloads that take std::string.
std::vector<std::string_view> views_of(std::span<const std::string> texts) {
  return {texts.begin(), texts.end()};
}

}  // namespace

std::vector<std::vector<Rank>> Encoding::encode_ordinary_batch(std::span<const std::string> texts,
                                                               unsigned num_threads) const {
  return encode_ordinary_batch(views_of(texts), num_threads);
}

std::vector<std::vector<Rank>> Encoding::encode_ordinary_batch(
    std::span<const std::string_view> texts, unsigned num_threads) const {
  const std::vector<Chunk> chunks = plan_chunks(*impl_, texts);
  std::vector<std::vector<Rank>> parts(chunks.size());
  detail::parallel_for(chunks.size(), num_threads, [&](std::size_t i) {
    const Chunk& c = chunks[i];
    parts[i] = encode_ordinary(texts[c.text].substr(c.begin, c.end - c.begin));
  });
  std::vector<std::vector<Rank>> out(texts.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    auto& dst = out[chunks[i].text];
    if (dst.empty()) {
      dst = std::move(parts[i]);
    } else {
      dst.insert(dst.end(), parts[i].begin(), parts[i].end());
    }
  }
  return out;
}

std::vector<std::vector<Rank>> Encoding::encode_ordinary_batch(
    std::initializer_list<std::string_view> texts, unsigned num_threads) const {
  return encode_ordinary_batch(std::span(texts.begin(), texts.size()), num_threads);
}

std::vector<std::size_t> Encoding::count_ordinary_batch(std::span<const std::string> texts,
                                                        unsigned num_threads) const {
  return count_ordinary_batch(views_of(texts), num_threads);
}

std::vector<std::size_t> Encoding::count_ordinary_batch(std::span<const std::string_view> texts,
                                                        unsigned num_threads) const {
  const std::vector<Chunk> chunks = plan_chunks(*impl_, texts);
  std::vector<std::size_t> parts(chunks.size());
  detail::parallel_for(chunks.size(), num_threads, [&](std::size_t i) {
    const Chunk& c = chunks[i];
    parts[i] = count_ordinary(texts[c.text].substr(c.begin, c.end - c.begin));
  });
  std::vector<std::size_t> out(texts.size(), 0);
  for (std::size_t i = 0; i < chunks.size(); ++i) out[chunks[i].text] += parts[i];
  return out;
}

std::vector<std::size_t> Encoding::count_ordinary_batch(
    std::initializer_list<std::string_view> texts, unsigned num_threads) const {
  return count_ordinary_batch(std::span(texts.begin(), texts.size()), num_threads);
}

std::vector<std::vector<Rank>> Encoding::encode_batch(std::span<const std::string> texts,
                                                      const SpecialSet& allowed,
                                                      const SpecialSet& disallowed,
                                                      unsigned num_threads) const {
  return encode_batch(views_of(texts), allowed, disallowed, num_threads);
}

std::vector<std::vector<Rank>> Encoding::encode_batch(std::span<const std::string_view> texts,
                                                      const SpecialSet& allowed,
                                                      const SpecialSet& disallowed,
                                                      unsigned num_threads) const {
  std::vector<std::vector<Rank>> out(texts.size());
  detail::parallel_for(texts.size(), num_threads,
                       [&](std::size_t i) { out[i] = encode(texts[i], allowed, disallowed); });
  return out;
}

std::vector<std::vector<Rank>> Encoding::encode_batch(std::initializer_list<std::string_view> texts,
                                                      const SpecialSet& allowed,
                                                      const SpecialSet& disallowed,
                                                      unsigned num_threads) const {
  return encode_batch(std::span(texts.begin(), texts.size()), allowed, disallowed, num_threads);
}

}  // namespace airtok
