// baseline.cpp — the C++ side of python/bench/bench_binding.py: the same work through the C++
// API, so the Python binding's overhead can be read off.
//
// Usage: airtok_py_baseline ENCODING WHOLE_FILE DOCS_FILE THREADS REPEAT
//   WHOLE_FILE  one text, encoded whole (encode_ordinary)
//   DOCS_FILE   documents separated by NUL bytes (encode_ordinary_batch on THREADS threads)
// Prints one JSON object: best-of-REPEAT seconds of each measurement and the token counts (which
// the Python side checks against its own before comparing times). Single-threaded work is timed
// in this thread's CPU time, multi-threaded work in wall-clock time (bench_binding.py does the
// same).
#include <airtok/registry.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Seconds of this thread's CPU time (single-threaded work: not disturbed by other processes
/// taking the CPU), or wall-clock seconds (multi-threaded work).
double now(bool cpu) {
  if (cpu) {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <typename F>
double best_of(int repeat, bool cpu, F&& work) {
  double best = 1e300;
  for (int i = 0; i < repeat; ++i) {
    const double start = now(cpu);
    work();
    best = std::min(best, now(cpu) - start);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: airtok_py_baseline ENCODING WHOLE_FILE DOCS_FILE THREADS REPEAT\n";
    return 2;
  }
  const airtok::Encoding& enc = airtok::get_encoding(argv[1]);
  const std::string whole = read(argv[2]);
  const std::string joined = read(argv[3]);
  std::vector<std::string> docs;
  for (std::size_t start = 0; start <= joined.size();) {
    const std::size_t end = std::min(joined.find('\0', start), joined.size());
    docs.emplace_back(joined, start, end - start);
    start = end + 1;
  }
  const auto threads = static_cast<unsigned>(std::stoul(argv[4]));
  const int repeat = std::stoi(argv[5]);

  // Warm up first (page in the embedded tables, fill caches), as the Python side is warm.
  (void)enc.encode_ordinary_batch(docs, threads);
  std::size_t whole_tokens = 0;
  std::size_t batch_tokens = 0;
  const double encode_s =
      best_of(repeat, true, [&] { whole_tokens = enc.encode_ordinary(whole).size(); });
  const double batch_s = best_of(repeat, threads == 1, [&] {
    batch_tokens = 0;
    for (const auto& ids : enc.encode_ordinary_batch(docs, threads)) batch_tokens += ids.size();
  });
  std::printf(
      "{\"encode_ordinary_s\": %.6f, \"whole_tokens\": %zu, \"encode_ordinary_batch_s\": %.6f, "
      "\"batch_tokens\": %zu, \"docs\": %zu}\n",
      encode_s, whole_tokens, batch_s, batch_tokens, docs.size());
  return 0;
}
