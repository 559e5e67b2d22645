// encode_bench — Google Benchmark micro-benchmarks of encode_ordinary / count_ordinary.
//
// Usage: airtok_bench CORPUS_DIR [benchmark flags]
// CORPUS_DIR holds english.txt and code.txt (bench/make_corpus.sh makes them from files Debian
// ships). Before timing, each encoding's output on each corpus is checked to round-trip.
#include <airtok/registry.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void encode(benchmark::State& state, const std::string* text, const char* encoding) {
  const airtok::Encoding& enc = airtok::get_encoding(encoding);
  for (auto _ : state) benchmark::DoNotOptimize(enc.encode_ordinary(*text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text->size()));
}

void count(benchmark::State& state, const std::string* text, const char* encoding) {
  const airtok::Encoding& enc = airtok::get_encoding(encoding);
  for (auto _ : state) benchmark::DoNotOptimize(enc.count_ordinary(*text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text->size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: airtok_bench CORPUS_DIR [benchmark flags]\n";
    return 2;
  }
  static std::string corpora[2] = {read(std::string(argv[1]) + "/english.txt"),
                                   read(std::string(argv[1]) + "/code.txt")};
  static const char* names[2] = {"english", "code"};
  for (const char* encoding : {"cl100k_base", "o200k_base", "r50k_base"}) {
    for (int c = 0; c < 2; ++c) {
      const airtok::Encoding& enc = airtok::get_encoding(encoding);
      if (enc.decode_bytes(enc.encode_ordinary(corpora[c])) != corpora[c]) {
        std::cerr << "round trip failed for " << encoding << " on " << names[c] << "\n";
        return 1;
      }
      benchmark::RegisterBenchmark(
          (std::string("encode_ordinary/") + encoding + "/" + names[c]).c_str(), encode,
          &corpora[c], encoding)
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(
          (std::string("count_ordinary/") + encoding + "/" + names[c]).c_str(), count, &corpora[c],
          encoding)
          ->Unit(benchmark::kMillisecond);
    }
  }
  argv[1] = argv[0];
  int n = argc - 1;
  benchmark::Initialize(&n, argv + 1);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
