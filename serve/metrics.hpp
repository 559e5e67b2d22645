// metrics.hpp — the service's counters, written in Prometheus' text format for GET /metrics.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace airtok::serve {

class Metrics {
 public:
  /// Records one finished request to `endpoint` (the route, e.g. "/v1/tokenize", or "other").
  void record(const std::string& endpoint, int status, std::size_t bytes_in, std::size_t bytes_out,
              std::size_t tokens, double seconds);
  /// The Prometheus text exposition (format 0.0.4).
  std::string render() const;

  /// Upper bounds of the latency histogram's buckets, in seconds (then +Inf).
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.1,    0.5,   1,      5};

 private:
  struct Endpoint {
    std::map<int, std::uint64_t> requests;  // by HTTP status
    std::uint64_t errors = 0;
    std::uint64_t bytes_in = 0, bytes_out = 0, tokens = 0;
    std::array<std::uint64_t, kBuckets.size() + 1> buckets{};  // not cumulative; last: +Inf
    double seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Endpoint> endpoints_;
};

}  // namespace airtok::serve
