// serve_client — the load generator and the in-process baseline of bench/serve_bench.py.
//
//   airtok_serve_client http PORT PATH CONTENT_TYPE BODY_FILE CLIENTS SECONDS EXPECTED_COUNT
//     CLIENTS threads, each with one keep-alive connection (cpp-httplib's client, the library
//     the server is built on), POST BODY_FILE to 127.0.0.1:PORT/PATH for SECONDS. Every answer
//     must be 200 with "count": EXPECTED_COUNT (else exit status 1). Prints one JSON line:
//     requests, seconds, cpu_seconds (the client's own), requests_per_s, mb_per_s (body bytes
//     sent, 10^6 bytes).
//
//   airtok_serve_client inprocess ENCODING TEXT_FILE THREADS SECONDS
//     The same work without HTTP: count_ordinary_batch of THREADS * 2 copies of the text on
//     THREADS threads, repeated for SECONDS; prints requests (texts counted), seconds,
//     cpu_seconds, mb_per_s and the count of one text (which `http` then expects).
//
//   airtok_serve_client stream ENCODING TEXT_FILE CHUNK THREADS SECONDS
//     The server's text/plain path without HTTP: a StreamEncoder fed CHUNK bytes at a time,
//     on THREADS threads; prints as inprocess does.
//
// A C++ client because Python's http.client spends more CPU per small request than the server
// does, and on a 2-core machine the client shares the cores with the server.
#include <airtok/registry.hpp>
#include <airtok/stream.hpp>

#include <httplib.h>
#include <sys/resource.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const char* path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(std::string("cannot read ") + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// CPU seconds this process has used (all threads, user and system).
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void print(std::size_t requests, double seconds, double cpu, std::size_t bytes_each,
           long long count) {
  nlohmann::json line = {{"requests", requests},
                         {"seconds", seconds},
                         {"cpu_seconds", cpu},
                         {"requests_per_s", static_cast<double>(requests) / seconds},
                         {"mb_per_s", static_cast<double>(requests * bytes_each) / seconds / 1e6}};
  if (count >= 0) line["count"] = count;
  std::cout << line.dump() << std::endl;
}

int http_mode(char** argv) {
  const int port = std::stoi(argv[2]);
  const std::string path = argv[3], content_type = argv[4], body = read_file(argv[5]);
  const unsigned clients = static_cast<unsigned>(std::stoul(argv[6]));
  const double seconds = std::stod(argv[7]);
  const long long expected = std::stoll(argv[8]);
  std::atomic<std::size_t> requests{0};
  std::atomic<bool> failed{false};
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // headers and body are two writes: no Nagle wait
      client.set_read_timeout(60, 0);
      std::size_t mine = 0;
      while (Clock::now() < end && !failed) {
        const auto res = client.Post(path, body, content_type);
        if (!res || res->status != 200 ||
            nlohmann::json::parse(res->body).value("count", -1LL) != expected) {
          std::cerr << "bad answer: " << (res ? res->body.substr(0, 300) : "no response") << "\n";
          failed = true;
          break;
        }
        ++mine;
      }
      requests += mine;
    });
  }
  for (auto& t : threads) t.join();
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  print(requests, took, cpu_seconds() - cpu_start, body.size(), -1);
  return failed ? 1 : 0;
}

int inprocess_mode(char** argv) {
  const airtok::Encoding& encoding = airtok::get_encoding(argv[2]);
  const std::string text = read_file(argv[3]);
  const unsigned threads = static_cast<unsigned>(std::stoul(argv[4]));
  const double seconds = std::stod(argv[5]);
  const std::vector<std::string> texts(threads * 2, text);
  const std::size_t count = encoding.count_ordinary(text);
  (void)encoding.count_ordinary_batch(texts, threads);  // warm-up
  std::size_t done = 0;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  do {
    for (std::size_t n : encoding.count_ordinary_batch(texts, threads)) {
      if (n != count) throw std::runtime_error("the batch count differs from count_ordinary");
    }
    done += texts.size();
  } while (Clock::now() - start < std::chrono::duration<double>(seconds));
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  print(done, took, cpu_seconds() - cpu_start, text.size(), static_cast<long long>(count));
  return 0;
}

// What the server's text/plain path does without HTTP: StreamEncoder fed CHUNK bytes at a
// time, on THREADS threads at once, each counting the whole text again and again.
int stream_mode(char** argv) {
  const airtok::Encoding& encoding = airtok::get_encoding(argv[2]);
  const std::string text = read_file(argv[3]);
  const std::size_t chunk = std::stoul(argv[4]);
  const unsigned threads = static_cast<unsigned>(std::stoul(argv[5]));
  const double seconds = std::stod(argv[6]);
  const std::size_t count = encoding.count_ordinary(text);
  std::atomic<std::size_t> done{0};
  std::atomic<bool> wrong{false};
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      do {
        airtok::StreamEncoder stream(encoding);
        std::size_t total = 0;
        for (std::size_t at = 0; at < text.size(); at += chunk) {
          total += stream.feed(std::string_view(text).substr(at, chunk)).size();
        }
        total += stream.finish().size();
        if (total != count) wrong = true;
        ++done;
      } while (Clock::now() - start < std::chrono::duration<double>(seconds));
    });
  }
  for (auto& t : pool) t.join();
  if (wrong) throw std::runtime_error("the stream count differs from count_ordinary");
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  print(done, took, cpu_seconds() - cpu_start, text.size(), static_cast<long long>(count));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "http" && argc == 9) return http_mode(argv);
    if (mode == "inprocess" && argc == 6) return inprocess_mode(argv);
    if (mode == "stream" && argc == 7) return stream_mode(argv);
    std::cerr << "usage: airtok_serve_client http PORT PATH CONTENT_TYPE BODY_FILE CLIENTS "
                 "SECONDS EXPECTED_COUNT\n       airtok_serve_client inprocess ENCODING "
                 "TEXT_FILE THREADS SECONDS\n       airtok_serve_client stream ENCODING TEXT_FILE "
                 "CHUNK THREADS SECONDS\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "airtok_serve_client: " << e.what() << "\n";
    return 1;
  }
}
