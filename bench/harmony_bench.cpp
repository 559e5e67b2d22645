// harmony_bench — Google Benchmark timings of harmony rendering and parsing with one very long
// message (issue 12: "a conversation with a 1 MB message renders and parses in well under a
// second"). Not a timed test: docs/performance.md has the figures and how they were taken.
//
// Usage: airtok_harmony_bench [benchmark flags]
//
// Texts, 512 KiB and 1 MiB each:
//   prose  generated varied text (fixed seed): common English words, made-up words of random
//          syllables, numbers, punctuation, some accented, CJK and emoji words, line and
//          paragraph breaks; no sentence repeats, and many pieces are new to the piece cache
//   x-run  one run of 'x' (openai/harmony #151's reproduction: 512 KiB takes 119 s there)
//   dashes "Hello" and a run of '-' (openai/harmony #79)
// Before timing, every text's message is rendered, parsed back (batch and streaming) and
// compared with itself; a mismatch stops the program with status 1.
#include <airtok/harmony.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace airtok::harmony;
using airtok::Rank;

std::string varied_text(std::size_t size, std::uint64_t seed) {
  static const char* const kWords[] = {"the",
                                       "of",
                                       "and",
                                       "to",
                                       "in",
                                       "is",
                                       "that",
                                       "for",
                                       "it",
                                       "as",
                                       "was",
                                       "with",
                                       "be",
                                       "by",
                                       "on",
                                       "not",
                                       "he",
                                       "this",
                                       "are",
                                       "or",
                                       "his",
                                       "from",
                                       "at",
                                       "which",
                                       "but",
                                       "have",
                                       "an",
                                       "had",
                                       "they",
                                       "you",
                                       "were",
                                       "their",
                                       "one",
                                       "all",
                                       "we",
                                       "can",
                                       "her",
                                       "has",
                                       "there",
                                       "been",
                                       "if",
                                       "more",
                                       "when",
                                       "will",
                                       "would",
                                       "who",
                                       "so",
                                       "no",
                                       "model",
                                       "token",
                                       "message",
                                       "channel",
                                       "analysis",
                                       "final",
                                       "weather",
                                       "function",
                                       "server",
                                       "network",
                                       "offline",
                                       "cache",
                                       "vocabulary",
                                       "render",
                                       "parse",
                                       "reasoning",
                                       "Tokyo",
                                       "Paris",
                                       "OpenAI",
                                       "harmony",
                                       "JSON",
                                       "Python",
                                       "gpt-oss",
                                       "tool",
                                       "however",
                                       "although",
                                       "therefore",
                                       "because",
                                       "between",
                                       "without",
                                       "through",
                                       "before",
                                       "caf\xC3\xA9",
                                       "na\xC3\xAFve",
                                       "\xC3\xBC"
                                       "ber",
                                       "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",
                                       "\xE4\xB8\xAD\xE6\x96\x87",
                                       "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
                                       "\xF0\x9F\x98\x80",
                                       "\xCE\xB1\xCE\xBB\xCF\x86\xCE\xB1"};
  static const char* const kSyllables[] = {"ka",  "lo", "mi",  "tren", "ar",  "vos", "qui", "ne",
                                           "sta", "zu", "pol", "em",   "rik", "do",  "sha", "ty"};
  static const char* const kPunct[] = {",", ".", ";", ":", "!", "?", " -", " (", ")", "\""};
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::string text;
  text.reserve(size + 64);
  bool sentence_start = true;
  while (text.size() < size) {
    const std::size_t kind = pick(100);
    std::string word;
    if (kind < 70) {
      word = kWords[pick(std::size(kWords))];
    } else if (kind < 88) {
      for (std::size_t s = 1 + pick(4); s > 0; --s) word += kSyllables[pick(std::size(kSyllables))];
    } else {
      word = std::to_string(rng() % (kind < 95 ? 100 : 10'000'000));
    }
    if (sentence_start && word[0] >= 'a' && word[0] <= 'z')
      word[0] = static_cast<char>(word[0] - 32);
    text += word;
    sentence_start = false;
    const std::size_t after = pick(100);
    if (after < 8) {
      text += kPunct[pick(std::size(kPunct))];
    } else if (after < 14) {
      text += ".";
      sentence_start = true;
    }
    const std::size_t gap = pick(100);
    text += gap < 3 ? "\n\n" : gap < 6 ? "\n" : gap < 7 ? "  " : " ";
  }
  text.resize(size);
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
  return text;
}

struct Case {
  std::string name;
  std::string text;
};

std::vector<Case> make_cases() {
  std::vector<Case> cases;
  for (const std::size_t size : {std::size_t{512} << 10, std::size_t{1} << 20}) {
    const std::string label = size == (std::size_t{1} << 20) ? "1MiB" : "512KiB";
    cases.push_back({"prose/" + label, varied_text(size, 12 + size)});
    cases.push_back({"x-run/" + label, std::string(size, 'x')});
    cases.push_back({"dashes/" + label, "Hello" + std::string(size - 5, '-')});
  }
  return cases;
}

// The conversation a prompt is: the default system message, then the user's long message.
Conversation prompt_of(const std::string& text) {
  return Conversation{{Message::from_role_and_content(Role::System, SystemContent{}),
                       Message::from_role_and_content(Role::User, text)}};
}

// What a completion holds: the assistant's long answer on the final channel.
Message answer_of(const std::string& text) {
  return Message::from_role_and_content(Role::Assistant, text).with_channel("final");
}

bool round_trips(const HarmonyEncoding& enc, const Case& c) {
  const Message answer = answer_of(c.text);
  const std::vector<Rank> tokens = enc.render(answer);
  const std::vector<Message> parsed =
      enc.parse_messages_from_completion_tokens(tokens, std::nullopt);
  StreamableParser stream(enc, std::nullopt);
  for (const Rank t : tokens) stream.process(t);
  stream.process_eos();
  const std::vector<Rank> prompt =
      enc.render_conversation_for_completion(prompt_of(c.text), Role::Assistant);
  return parsed.size() == 1 && parsed[0] == answer && stream.messages() == parsed &&
         enc.decode_utf8(prompt).find(c.text) != std::string::npos;
}

void render_prompt(benchmark::State& state, const Case* c) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  const Conversation convo = prompt_of(c->text);
  std::size_t tokens = 0;
  for (auto _ : state) {
    const std::vector<Rank> ids = enc.render_conversation_for_completion(convo, Role::Assistant);
    tokens = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c->text.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

void parse_completion(benchmark::State& state, const Case* c) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  const std::vector<Rank> tokens = enc.render(answer_of(c->text));
  for (auto _ : state) {
    benchmark::DoNotOptimize(enc.parse_messages_from_completion_tokens(tokens, std::nullopt));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c->text.size()));
  state.counters["tokens"] = static_cast<double>(tokens.size());
}

void stream_completion(benchmark::State& state, const Case* c) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  const std::vector<Rank> tokens = enc.render(answer_of(c->text));
  for (auto _ : state) {
    StreamableParser parser(enc, std::nullopt);
    for (const Rank t : tokens) benchmark::DoNotOptimize(parser.process(t).last_content_delta());
    parser.process_eos();
    benchmark::DoNotOptimize(parser.messages().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c->text.size()));
  state.counters["tokens"] = static_cast<double>(tokens.size());
}

// The tokenizer alone on the same text, for comparison with rendering.
void encode_only(benchmark::State& state, const Case* c) {
  const airtok::Encoding& tok = load_harmony_encoding().tokenizer();
  for (auto _ : state) benchmark::DoNotOptimize(tok.encode_ordinary(c->text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c->text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  static const std::vector<Case> cases = make_cases();
  const HarmonyEncoding& enc = load_harmony_encoding();
  for (const Case& c : cases) {
    if (!round_trips(enc, c)) {
      std::cerr << "harmony round trip failed for " << c.name << "\n";
      return 1;
    }
  }
  for (const Case& c : cases) {
    benchmark::RegisterBenchmark(("render_for_completion/" + c.name).c_str(), render_prompt, &c)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("parse/" + c.name).c_str(), parse_completion, &c)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("stream_parse/" + c.name).c_str(), stream_completion, &c)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("encode_ordinary/" + c.name).c_str(), encode_only, &c)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
