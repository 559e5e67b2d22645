// compare_driver — the airtok side of the side-by-side comparison (bench/compare.mjs).
//
// It times the public API only, on files, and prints one JSON object per line:
//
//   airtok_compare_driver encode ENCODING [--repeat N] [--ids-dir DIR] FILE...
//     For each file: encode_ordinary once (ids written to DIR/<file name>.u32 as little-endian
//     uint32 when --ids-dir is given, so the script can compare them with the references'),
//     check that decode_bytes(ids) gives the file back and that count_ordinary agrees, then
//     time encode_ordinary and count_ordinary, single-threaded, best of N, each run on a new
//     thread so that it starts with an empty piece cache.
//
//   airtok_compare_driver batch ENCODING [--repeat N] [--threads 1,2] [--doc-bytes B] FILE...
//     Splits each file into documents (cut at the first newline at or after every B bytes,
//     default 8192), checks that encode_ordinary_batch gives each document's encode_ordinary,
//     then times encode_ordinary_batch on each thread count of the ladder, best of N.
//
// Times are best of N, taken separately for wall time (steady_clock) and CPU time: the
// thread's (CLOCK_THREAD_CPUTIME_ID) for single-threaded work, the process's
// (CLOCK_PROCESS_CPUTIME_ID, all threads) for batches. On a shared machine CPU time is the
// steadier of the two; wall time is what a user waits. Exit status 1 if a check fails.
#include <airtok/registry.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Json = nlohmann::ordered_json;

struct Options {
  std::string mode;
  std::string encoding;
  int repeat = 3;
  std::string ids_dir;
  std::vector<unsigned> threads = {1, 2};
  std::size_t doc_bytes = 8192;
  std::vector<std::string> files;
};

/// Best (smallest) wall and CPU time of N runs; each is the minimum on its own.
struct Best {
  double wall_s = std::numeric_limits<double>::infinity();
  double cpu_s = std::numeric_limits<double>::infinity();
};

double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Runs `work` `repeat` times and keeps the best wall and CPU time.
Best time_best(int repeat, clockid_t clock, const std::function<void()>& work) {
  Best best;
  for (int i = 0; i < repeat; ++i) {
    const double cpu0 = cpu_seconds(clock);
    const auto wall0 = std::chrono::steady_clock::now();
    work();
    const auto wall1 = std::chrono::steady_clock::now();
    const double cpu1 = cpu_seconds(clock);
    best.wall_s = std::min(best.wall_s, std::chrono::duration<double>(wall1 - wall0).count());
    best.cpu_s = std::min(best.cpu_s, cpu1 - cpu0);
  }
  return best;
}

/// time_best for single-threaded work, each run on a new thread: the piece cache airtok keeps
/// per thread starts empty, so a run never profits from words a previous run of the same file
/// left in it (a user encoding a file once does not get that).
Best time_best_cold(int repeat, const std::function<void()>& work) {
  Best best;
  for (int i = 0; i < repeat; ++i) {
    std::thread run([&] {
      const Best one = time_best(1, CLOCK_THREAD_CPUTIME_ID, work);
      best.wall_s = std::min(best.wall_s, one.wall_s);
      best.cpu_s = std::min(best.cpu_s, one.cpu_s);
    });
    run.join();
  }
  return best;
}

Json to_json(const Best& best, int repeat) {
  return Json{{"runs", repeat}, {"wall_s", best.wall_s}, {"cpu_s", best.cpu_s}};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_ids(const std::string& path, const std::vector<airtok::Rank>& ids) {
  static_assert(sizeof(airtok::Rank) == 4, "ids are written as uint32");
  std::vector<unsigned char> bytes(ids.size() * 4);
  for (std::size_t i = 0; i < ids.size(); ++i) {  // little-endian whatever the host
    for (int b = 0; b < 4; ++b) bytes[4 * i + b] = static_cast<unsigned char>(ids[i] >> (8 * b));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

/// Fails loudly: the script treats a non-zero exit as a failed check.
[[noreturn]] void check_failed(const std::string& what) {
  throw std::runtime_error("CHECK FAILED: " + what);
}

Json run_encode(const airtok::Encoding& enc, const Options& opt, const std::string& file) {
  const std::string text = read_file(file);
  const std::vector<airtok::Rank> ids = enc.encode_ordinary(text);
  if (enc.decode_bytes(ids) != text) check_failed("decode_bytes(encode_ordinary) != " + file);
  if (enc.count_ordinary(text) != ids.size()) check_failed("count_ordinary != size for " + file);
  Json out{{"mode", "encode"},     {"encoding", enc.name()}, {"file", file},
           {"bytes", text.size()}, {"tokens", ids.size()},   {"roundtrip", true}};
  if (!opt.ids_dir.empty()) {
    const auto path = std::filesystem::path(opt.ids_dir) /
                      (std::filesystem::path(file).filename().string() + ".u32");
    write_ids(path.string(), ids);
    out["ids"] = path.string();
  }
  std::size_t sink = 0;
  out["encode"] = to_json(
      time_best_cold(opt.repeat, [&] { sink += enc.encode_ordinary(text).size(); }), opt.repeat);
  out["count"] =
      to_json(time_best_cold(opt.repeat, [&] { sink += enc.count_ordinary(text); }), opt.repeat);
  if (sink != 2 * opt.repeat * ids.size()) check_failed("timed runs disagree on " + file);
  return out;
}

/// Cuts `text` at the first '\n' at or after every `doc_bytes` bytes (the newline stays with
/// the document before the cut), so documents are whole lines.
std::vector<std::string> split_documents(const std::string& text, std::size_t doc_bytes) {
  std::vector<std::string> docs;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t cut =
        start + doc_bytes >= text.size() ? std::string::npos : text.find('\n', start + doc_bytes);
    cut = cut == std::string::npos ? text.size() : cut + 1;
    docs.push_back(text.substr(start, cut - start));
    start = cut;
  }
  return docs;
}

std::vector<Json> run_batch(const airtok::Encoding& enc, const Options& opt,
                            const std::string& file) {
  const std::vector<std::string> docs = split_documents(read_file(file), opt.doc_bytes);
  std::vector<std::vector<airtok::Rank>> expected;
  std::size_t bytes = 0, tokens = 0;
  for (const auto& doc : docs) {
    expected.push_back(enc.encode_ordinary(doc));
    bytes += doc.size();
    tokens += expected.back().size();
  }
  std::vector<Json> rows;
  for (unsigned threads : opt.threads) {
    if (enc.encode_ordinary_batch(docs, threads) != expected) {
      check_failed("encode_ordinary_batch on " + std::to_string(threads) +
                   " threads != encode_ordinary of each document of " + file);
    }
    std::size_t sink = 0;
    const Best best = time_best(opt.repeat, CLOCK_PROCESS_CPUTIME_ID,
                                [&] { sink += enc.encode_ordinary_batch(docs, threads).size(); });
    rows.push_back(Json{{"mode", "batch"},
                        {"encoding", enc.name()},
                        {"file", file},
                        {"threads", threads},
                        {"docs", docs.size()},
                        {"bytes", bytes},
                        {"tokens", tokens},
                        {"encode_ordinary_batch", to_json(best, opt.repeat)}});
    if (sink != opt.repeat * docs.size()) check_failed("timed batches disagree on " + file);
  }
  return rows;
}

template <typename T>
T parse_number(const std::string& flag, const std::string& value) {
  T n{};
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n <= 0) {
    throw std::invalid_argument(flag + " needs a positive number, got '" + value + "'");
  }
  return n;
}

std::vector<unsigned> parse_ladder(const std::string& value) {
  std::vector<unsigned> ladder;
  std::stringstream in(value);
  for (std::string item; std::getline(in, item, ',');) {
    ladder.push_back(parse_number<unsigned>("--threads", item));
  }
  if (ladder.empty()) throw std::invalid_argument("--threads needs a list such as 1,2");
  return ladder;
}

Options parse_options(int argc, char** argv) {
  if (argc < 4) throw std::invalid_argument("missing arguments");
  Options opt;
  opt.mode = argv[1];
  opt.encoding = argv[2];
  if (opt.mode != "encode" && opt.mode != "batch") {
    throw std::invalid_argument("unknown mode '" + opt.mode + "'");
  }
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--repeat" && has_value) {
      opt.repeat = parse_number<int>(arg, argv[++i]);
    } else if (arg == "--ids-dir" && has_value) {
      opt.ids_dir = argv[++i];
    } else if (arg == "--threads" && has_value) {
      opt.threads = parse_ladder(argv[++i]);
    } else if (arg == "--doc-bytes" && has_value) {
      opt.doc_bytes = parse_number<std::size_t>(arg, argv[++i]);
    } else if (arg.rfind("--", 0) == 0) {
      throw std::invalid_argument("unknown or incomplete option '" + arg + "'");
    } else {
      opt.files.push_back(arg);
    }
  }
  if (opt.files.empty()) throw std::invalid_argument("no input files");
  return opt;
}

constexpr const char* kUsage =
    "usage: airtok_compare_driver encode ENCODING [--repeat N] [--ids-dir DIR] FILE...\n"
    "       airtok_compare_driver batch ENCODING [--repeat N] [--threads 1,2] [--doc-bytes B] "
    "FILE...\n";

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  try {
    opt = parse_options(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "airtok_compare_driver: " << e.what() << "\n" << kUsage;
    return 2;
  }
  try {
    const airtok::Encoding& enc = airtok::get_encoding(opt.encoding);
    for (const auto& file : opt.files) {
      if (opt.mode == "encode") {
        std::cout << run_encode(enc, opt, file).dump() << std::endl;
      } else {
        for (const Json& row : run_batch(enc, opt, file)) std::cout << row.dump() << std::endl;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "airtok_compare_driver: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
