// server.hpp — `airtok serve`: the HTTP service (cpp-httplib, Debian's libcpp-httplib-dev) that
// carries api.hpp's endpoints, with the body limit, bearer-token auth, CORS, the access log,
// the metrics and graceful shutdown on SIGTERM / SIGINT.
#pragma once

#include "api.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace airtok::serve {

/// A bad service configuration (listen address, token file, ...); the message names the fix.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class LogFormat { text, json, off };

/// A further POST endpoint taking and giving JSON (the command adds /v1/truncate and /v1/chunk,
/// whose logic is the CLI's); it throws ApiError for a bad request.
using JsonRoute = std::function<nlohmann::json(const nlohmann::json&, Produced&)>;

struct ServerOptions {
  std::string listen = "127.0.0.1:8797";  // HOST:PORT; port 0 picks a free port
  std::size_t max_body = 16u << 20;       // bytes of a JSON body
  std::size_t max_texts = 10000;          // texts in one batch
  std::size_t max_model_len = 128000;     // reported by the vLLM-shaped /tokenize
  unsigned threads = 0;                   // connection threads; 0: max(64, 16 * cores)
  unsigned timeout = 30;                  // seconds to wait for a slow client's bytes
  std::string auth_token_file;            // a file holding the bearer token
  bool no_auth = false;                   // allow no token when listening beyond loopback
  std::string cors_origin;                // Access-Control-Allow-Origin; empty: no CORS
  LogFormat log = LogFormat::text;        // access log on standard error
  std::vector<std::pair<std::string, JsonRoute>> routes;  // more POST endpoints: path, handler
};

/// Host and port of a HOST:PORT (or [IPv6]:PORT) listen address; throws ConfigError.
struct ListenAddress {
  std::string host;
  int port = 0;
};
ListenAddress parse_listen(const std::string& listen);
/// True for 127.0.0.0/8, ::1 and localhost.
bool is_loopback(const std::string& host);

/// Runs the service until SIGTERM or SIGINT; prints "listening on http://HOST:PORT" on `out`
/// once it accepts connections. In-flight requests finish before it returns 0. Throws
/// ConfigError for a bad configuration.
int run_server(const ServerOptions& options, std::FILE* out);

}  // namespace airtok::serve
