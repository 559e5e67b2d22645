// server.cpp — see server.hpp. Every request passes through one wrapper (auth, body limit,
// errors as JSON); one logger (httplib's, called after the response is written) feeds the access
// log and the metrics from a per-thread record of the request (httplib handles a request on one
// thread from routing to logging).
#include "server.hpp"

#include "api.hpp"
#include "harmony_api.hpp"
#include "metrics.hpp"
#include "slow_clients.hpp"

#include <serve/page_html.hpp>  // generated from serve/page.html

#include <airtok/error.hpp>
#include <airtok/registry.hpp>
#include <airtok/stream.hpp>

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

namespace airtok::serve {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Seconds an idle keep-alive connection is kept open (httplib's wait for the next request).
constexpr int kKeepAliveSeconds = 5;

// What the logger needs to know about the request this thread is handling.
struct Current {
  bool started = false;
  Clock::time_point start;
  std::string endpoint = "other";
  std::size_t bytes_in = 0;
  std::size_t tokens = 0;
};
thread_local Current current;

constexpr const char* kEndpoints =
    "POST /v1/tokenize, /v1/count, /v1/detokenize, /v1/truncate, /v1/chunk, /v1/harmony/render, "
    "/v1/harmony/parse, /tokenize, /detokenize; GET / (the live page), /v1/encodings, "
    "/v1/models, /healthz, /metrics";

// A body must keep coming: after its first --timeout seconds, at least kMinBodyRate bytes a
// second on average (the time allowed grows by a second for each kMinBodyRate bytes received).
// httplib's timeout is for each read, which a byte at a time would renew; a slower body is
// cut off with 408.
constexpr double kMinBodyRate = 500;

class BodyPace {
 public:
  explicit BodyPace(unsigned timeout) : timeout_(timeout) {}
  /// Counts `n` more bytes; false once the body has fallen behind the pace.
  bool keeps_up(std::size_t n) {
    bytes_ += n;
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    late_ = late_ || seconds > timeout_ + static_cast<double>(bytes_) / kMinBodyRate;
    return !late_;
  }
  /// Throws ApiError(408) if the body fell behind.
  void check() const {
    if (!late_) return;
    throw ApiError(408, "request_timeout",
                   "the request body came too slowly (" + std::to_string(bytes_) +
                       " bytes; after --timeout seconds, at least " +
                       std::to_string(static_cast<int>(kMinBodyRate)) +
                       " bytes a second on average are needed)");
  }

 private:
  const Clock::time_point start_ = Clock::now();
  const unsigned timeout_;
  std::size_t bytes_ = 0;
  bool late_ = false;
};

// A fresh CSP nonce: 128 random bits, base64 (CSP's nonce-source grammar).
std::string make_nonce() {
  static constexpr char kBase64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  thread_local std::random_device device;
  std::string nonce;
  for (int i = 0; i < 22; ++i) nonce.push_back(kBase64[device() % 64]);
  return nonce;
}

// The page with its placeholder nonces replaced; served whatever the auth settings (it holds no
// data: the token is typed into the page, and its fetches carry it).
std::string page_with_nonce(const std::string& nonce) {
  constexpr std::string_view kPlaceholder = "__AIRTOK_NONCE__";
  std::string page(kPageHtml);
  for (std::size_t at = page.find(kPlaceholder); at != std::string::npos;
       at = page.find(kPlaceholder, at + nonce.size())) {
    page.replace(at, kPlaceholder.size(), nonce);
  }
  return page;
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n",
                  "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view type,
                std::string_view message) {
  send_json(res, status, error_body(status, type, message));
}

// Equal strings in a time that depends only on their lengths.
bool same_token(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i] ^
                                       expected[i % std::max<std::size_t>(expected.size(), 1)]);
  }
  return diff == 0;
}

std::string read_token_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw ConfigError("--auth-token-file: cannot read " + path +
                      " (write the token to it, e.g. `head -c 32 /dev/urandom | base64 > " + path +
                      "`)");
  }
  std::ostringstream text;
  text << file.rdbuf();
  std::string token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ' ||
                            token.back() == '\t')) {
    token.pop_back();
  }
  if (token.empty()) throw ConfigError("--auth-token-file: " + path + " is empty");
  if (token.find_first_of(" \t\r\n") != std::string::npos) {
    throw ConfigError("--auth-token-file: the token in " + path +
                      " contains white space; use a single word");
  }
  return token;
}

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

class Service {
 public:
  explicit Service(const ServerOptions& options) : options_(options) {
    limits_.max_texts = options.max_texts;
    limits_.max_model_len = options.max_model_len;
    if (!options.auth_token_file.empty()) token_ = read_token_file(options.auth_token_file);
  }

  /// Once the port is known (before the server runs): the guard the request hooks inform.
  void watch_slow_clients(SlowClientGuard& guard) { guard_ = &guard; }

  void install(httplib::Server& server) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned threads = options_.threads != 0 ? options_.threads : std::max(64u, 16 * cores);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_read_timeout(options_.timeout, 0);
    server.set_write_timeout(options_.timeout, 0);
    server.set_keep_alive_timeout(kKeepAliveSeconds);
    server.set_keep_alive_max_count(1000);
    server.set_tcp_nodelay(true);

    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      if (guard_ != nullptr) guard_->headers_read(req.remote_addr, req.remote_port);
      current = Current{};
      current.started = true;
      current.start = Clock::now();
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                     httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      if (res.status == 404) {
        send_error(
            res, 404, "not_found",
            "no endpoint " + req.method + " " + req.path + " (the endpoints: " + kEndpoints + ")");
      } else {
        send_error(
            res, res.status, "http_error",
            "the request could not be handled (HTTP status " + std::to_string(res.status) + ")");
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
          std::string message = "internal error";
          try {
            if (error) std::rethrow_exception(error);
          } catch (const std::exception& e) {
            message += std::string(": ") + e.what();
          } catch (...) {
          }
          send_error(res, 500, "internal_error", message);
        });
    server.set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
    if (!options_.cors_origin.empty()) {
      const std::string origin = options_.cors_origin;
      server.set_post_routing_handler([origin](const httplib::Request&, httplib::Response& res) {
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Vary", "Origin");
      });
      server.Options(".*", [](const httplib::Request&, httplib::Response& res) {
        current.endpoint = "OPTIONS";
        res.status = 204;
        res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        res.set_header("Access-Control-Max-Age", "600");
      });
    }

    json_route(server, "/v1/tokenize",
               [this](const json& r, Produced& p) { return tokenize(r, limits_, p); });
    json_route(server, "/v1/detokenize",
               [](const json& r, Produced& p) { return detokenize(r, p); });
    json_route(server, "/tokenize",
               [this](const json& r, Produced& p) { return vllm_tokenize(r, limits_, p); });
    json_route(server, "/detokenize",
               [](const json& r, Produced& p) { return vllm_detokenize(r, p); });
    body_route(server, "/v1/harmony/render",
               [](std::string_view body, Produced& p) { return harmony_render(body, p); });
    json_route(server, "/v1/harmony/parse",
               [](const json& r, Produced& p) { return harmony_parse(r, p); });
    for (const auto& [path, handler] : options_.routes) json_route(server, path.c_str(), handler);
    server.Post("/v1/count", [this](const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader& reader) {
      guarded("/v1/count", req, res, [&] {
        if (req.get_header_value("Content-Type").rfind("text/plain", 0) == 0) {
          count_stream(req, res, reader);
          return;
        }
        Produced produced;
        const json response = count(parse_body(read_body(reader)), limits_, produced);
        current.tokens = produced.tokens;
        send_json(res, 200, response);
      });
    });

    get_route(server, "/v1/encodings", [] { return encodings(); });
    get_route(server, "/v1/models", [] { return models(); });
    server.Get("/", [](const httplib::Request&, httplib::Response& res) {
      current.endpoint = "/";
      const std::string nonce = make_nonce();
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" +
                         nonce +
                         "'; connect-src 'self'; img-src 'self'; base-uri 'none'; "
                         "form-action 'none'; frame-ancestors 'none'");
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("Cache-Control", "no-store");
      res.set_content(page_with_nonce(nonce), "text/html; charset=utf-8");
    });
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      current.endpoint = "/healthz";  // no token needed: for load balancers and systemd
      send_json(res, 200, {{"status", "ok"}});
    });
    server.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
      guarded("/metrics", req, res, [&] {
        res.set_content(metrics_.render(), "text/plain; version=0.0.4; charset=utf-8");
      });
    });
  }

 private:
  using JsonHandler = std::function<json(const json&, Produced&)>;
  using BodyHandler = std::function<json(std::string_view, Produced&)>;

  // Runs `body` for `endpoint` after the auth check, turning every failure into a JSON error.
  void guarded(const char* endpoint, const httplib::Request& req, httplib::Response& res,
               const std::function<void()>& body) {
    current.endpoint = endpoint;
    try {
      check_auth(req);
      body();
    } catch (const ApiError& e) {
      if (e.status() == 401) res.set_header("WWW-Authenticate", "Bearer");
      // The rest of a body too slow to wait for is not read: the client must not reuse the
      // connection (if it keeps sending, the header deadline ends it).
      if (e.status() == 408) res.set_header("Connection", "close");
      send_error(res, e.status(), e.type(), e.what());
    } catch (const std::bad_alloc&) {
      send_error(res, 503, "out_of_memory", "the service ran out of memory for this request");
    } catch (const std::exception& e) {
      send_error(res, 500, "internal_error", std::string("internal error: ") + e.what());
    }
  }

  void json_route(httplib::Server& server, const char* path, JsonHandler handler) {
    body_route(server, path, [handler](std::string_view body, Produced& produced) {
      return handler(parse_body(body), produced);
    });
  }

  // A POST endpoint given the body as it came (within --max-body), for one that parses it
  // itself.
  void body_route(httplib::Server& server, const char* path, BodyHandler handler) {
    server.Post(path, [this, path, handler](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
      guarded(path, req, res, [&] {
        Produced produced;
        const json response = handler(read_body(reader), produced);
        current.tokens = produced.tokens;
        send_json(res, 200, response);
      });
    });
  }

  void get_route(httplib::Server& server, const char* path, std::function<json()> handler) {
    server.Get(path, [this, path, handler](const httplib::Request& req, httplib::Response& res) {
      guarded(path, req, res, [&] { send_json(res, 200, handler()); });
    });
  }

  void check_auth(const httplib::Request& req) const {
    if (token_.empty()) return;
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.rfind(kBearer, 0) != 0 ||
        !same_token(std::string_view(header).substr(kBearer.size()), token_)) {
      throw ApiError(401, "unauthorized",
                     header.empty() ? "this service needs a bearer token: send the header "
                                      "'Authorization: Bearer TOKEN' (the token is in the file "
                                      "given to --auth-token-file)"
                                    : "the bearer token is wrong");
    }
  }

  [[noreturn]] void too_large(std::size_t size) const {
    throw ApiError(413, "payload_too_large",
                   std::string("the request body is ") + std::to_string(size) +
                       " bytes; the limit is " + std::to_string(options_.max_body) +
                       " (send a smaller body, start the service with a larger --max-body, or "
                       "POST raw text to /v1/count as text/plain, which has no limit)");
  }

  // The whole body, at most --max-body bytes. A larger body is still read to its end, and
  // dropped (as httplib itself skips a body over its payload limit), so that the connection
  // stays in step and the client reads the 413.
  std::string read_body(const httplib::ContentReader& reader) const {
    std::string body;
    std::size_t size = 0;
    BodyPace pace(options_.timeout);
    const bool complete = reader([&](const char* data, std::size_t n) {
      size += n;
      if (size <= options_.max_body) body.append(data, n);
      return pace.keeps_up(n);
    });
    current.bytes_in = size;
    pace.check();
    if (!complete) {
      throw ApiError(400, "incomplete_body", "the request body ended before its end");
    }
    if (size > options_.max_body) too_large(size);
    return body;
  }

  // POST /v1/count with a text/plain body: counted as it arrives (StreamEncoder), so memory
  // stays bounded by the longest stretch without a safe cut, which must be within --max-body.
  void count_stream(const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) {
    json selection = json::object();
    if (req.has_param("encoding")) selection["encoding"] = req.get_param_value("encoding");
    if (req.has_param("model")) selection["model"] = req.get_param_value("model");
    const Encoding& encoding = request_encoding(selection);
    StreamEncoder stream(encoding);
    Utf8Stream utf8;
    std::size_t total = 0, bytes = 0;
    bool held_too_much = false;
    BodyPace pace(options_.timeout);
    const bool complete = reader([&](const char* data, std::size_t size) {
      const std::string_view chunk(data, size);
      bytes += size;
      if (!pace.keeps_up(size)) return false;
      utf8.feed(chunk);
      if (held_too_much) return true;  // read to the end, dropped (see read_body)
      total += stream.feed(chunk).size();
      if (stream.pending_bytes() > options_.max_body) {
        held_too_much = true;
        stream = StreamEncoder(encoding);  // frees what it held
      }
      return true;
    });
    current.bytes_in = bytes;
    pace.check();
    if (held_too_much) {
      throw ApiError(413, "payload_too_large",
                     "the text has a stretch of over " + std::to_string(options_.max_body) +
                         " bytes that cannot be cut (one piece, or everything after a byte "
                         "that is not valid UTF-8), and counting it exactly needs it whole; "
                         "start the service with a larger --max-body");
    }
    if (!complete) throw ApiError(400, "incomplete_body", "the request body ended early");
    total += stream.finish().size();
    current.tokens = total;
    send_json(res, 200,
              {{"encoding", encoding.name()},
               {"count", total},
               {"bytes", bytes},
               {"invalid_utf8", !utf8.finish()}});
  }

  void log(const httplib::Request& req, const httplib::Response& res) {
    if (guard_ != nullptr) guard_->answered(req.remote_addr, req.remote_port);
    const double seconds =
        current.started ? std::chrono::duration<double>(Clock::now() - current.start).count() : 0.0;
    const std::size_t bytes_in = current.bytes_in != 0 ? current.bytes_in : req.body.size();
    metrics_.record(current.endpoint, res.status, bytes_in, res.body.size(), current.tokens,
                    seconds);
    if (options_.log != LogFormat::off) {
      std::string line;
      if (options_.log == LogFormat::json) {
        line = json{{"time", timestamp()},
                    {"remote", req.remote_addr},
                    {"method", req.method},
                    {"path", req.path},
                    {"status", res.status},
                    {"bytes_in", bytes_in},
                    {"bytes_out", res.body.size()},
                    {"tokens", current.tokens},
                    {"seconds", seconds}}
                   .dump(-1, ' ', false, json::error_handler_t::replace);
      } else {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.3fms", seconds * 1000);
        line = timestamp() + " " + req.remote_addr + " \"" + req.method + " " + req.path + "\" " +
               std::to_string(res.status) + " " + std::to_string(res.body.size()) + " " + ms;
      }
      const std::lock_guard lock(log_mutex_);
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    current = Current{};
  }

  const ServerOptions& options_;
  SlowClientGuard* guard_ = nullptr;
  ApiLimits limits_;
  std::string token_;
  Metrics metrics_;
  std::mutex log_mutex_;
};

}  // namespace

ListenAddress parse_listen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  const std::string fix = " (give HOST:PORT, e.g. 127.0.0.1:8797, 0.0.0.0:8797 or [::1]:0)";
  if (colon == std::string::npos || colon == 0) {
    throw ConfigError("--listen: '" + listen + "' has no host and port" + fix);
  }
  ListenAddress address;
  address.host = listen.substr(0, colon);
  if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']') {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    throw ConfigError("--listen: '" + port + "' is not a port (0 to 65535)" + fix);
  }
  address.port = std::stoi(port);
  return address;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int run_server(const ServerOptions& options, std::FILE* out) {
  const ListenAddress address = parse_listen(options.listen);
  if (!is_loopback(address.host) && options.auth_token_file.empty() && !options.no_auth) {
    throw ConfigError("--listen " + options.listen +
                      " accepts connections from other machines, so it needs a bearer token: "
                      "give --auth-token-file FILE (or --no-auth to serve anyone who can reach "
                      "it)");
  }
  Service service(options);

  // SIGTERM and SIGINT are blocked in every thread and taken by one waiting thread, which stops
  // the server; the server's worker threads finish their requests before run_server returns.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  httplib::Server server;
  service.install(server);
  if (address.host.find(':') != std::string::npos) server.set_address_family(AF_INET6);
  int port = address.port;
  if (port == 0) {
    port = server.bind_to_any_port(address.host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(address.host, port)) {
    port = 0;
  }
  if (port == 0) {
    throw ConfigError("--listen " + options.listen +
                      ": cannot listen there (is the port in use, or the address not this "
                      "machine's?)");
  }
  // A request's headers must arrive within --timeout (after up to the keep-alive wait for the
  // next request): httplib's own timeout is for each read, which a byte at a time would renew.
  SlowClientGuard guard(port, std::chrono::seconds(options.timeout + kKeepAliveSeconds));
  service.watch_slow_clients(guard);
  const bool ipv6 = address.host.find(':') != std::string::npos;
  std::fprintf(out, "listening on http://%s%s%s:%d\n", ipv6 ? "[" : "", address.host.c_str(),
               ipv6 ? "]" : "", port);
  std::fflush(out);

  std::atomic<bool> stopping{false}, returned{false};
  std::thread waiter([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    stopping = true;
    // A signal that comes before the accept loop runs must still stop it.
    while (!returned && !server.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    server.stop();
  });
  const bool listened = server.listen_after_bind();
  returned = true;
  if (!stopping) {
    server.stop();
    pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter
  }
  waiter.join();
  if (!listened && !stopping) throw ConfigError("the server stopped unexpectedly");
  return 0;
}

}  // namespace airtok::serve
