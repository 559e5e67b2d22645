// metrics.cpp — see metrics.hpp.
#include "metrics.hpp"

#include <cstdio>

namespace airtok::serve {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

}  // namespace

void Metrics::record(const std::string& endpoint, int status, std::size_t bytes_in,
                     std::size_t bytes_out, std::size_t tokens, double seconds) {
  const std::lock_guard lock(mutex_);
  Endpoint& e = endpoints_[endpoint];
  ++e.requests[status];
  if (status >= 400) ++e.errors;
  e.bytes_in += bytes_in;
  e.bytes_out += bytes_out;
  e.tokens += tokens;
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  ++e.buckets[bucket];
  e.seconds += seconds;
}

std::string Metrics::render() const {
  const std::lock_guard lock(mutex_);
  std::string out;
  auto header = [&](const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  };
  auto label = [](const std::string& endpoint) { return "endpoint=\"" + endpoint + "\""; };

  header("airtok_requests_total", "counter", "Requests answered, by endpoint and HTTP status.");
  for (const auto& [name, e] : endpoints_) {
    for (const auto& [status, n] : e.requests) {
      out += "airtok_requests_total{" + label(name) + ",status=\"" + std::to_string(status) +
             "\"} " + std::to_string(n) + "\n";
    }
  }
  const struct {
    const char* name;
    const char* help;
    std::uint64_t Endpoint::*field;
  } counters[] = {
      {"airtok_errors_total", "Requests answered with an HTTP status of 400 or more.",
       &Endpoint::errors},
      {"airtok_request_bytes_total", "Request body bytes read.", &Endpoint::bytes_in},
      {"airtok_response_bytes_total", "Response body bytes written.", &Endpoint::bytes_out},
      {"airtok_tokens_total", "Tokens produced (encoded, counted or decoded).", &Endpoint::tokens},
  };
  for (const auto& counter : counters) {
    header(counter.name, "counter", counter.help);
    for (const auto& [name, e] : endpoints_) {
      out += std::string(counter.name) + "{" + label(name) + "} " +
             std::to_string(e.*counter.field) + "\n";
    }
  }
  header("airtok_request_duration_seconds", "histogram",
         "Time from the request's routing to its response, by endpoint.");
  for (const auto& [name, e] : endpoints_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
      cumulative += e.buckets[i];
      const std::string le = i < kBuckets.size() ? number(kBuckets[i]) : "+Inf";
      out += "airtok_request_duration_seconds_bucket{" + label(name) + ",le=\"" + le + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "airtok_request_duration_seconds_sum{" + label(name) + "} " + number(e.seconds) + "\n";
    out += "airtok_request_duration_seconds_count{" + label(name) + "} " +
           std::to_string(cumulative) + "\n";
  }
  return out;
}

}  // namespace airtok::serve
