// serve_command.cpp — see serve_command.hpp.
#include "serve_command.hpp"

#include "chunk_command.hpp"
#include "input.hpp"
#include "text.hpp"

#include <serve/api.hpp>

#include <nlohmann/json.hpp>

namespace airtok::cli {
namespace {

using nlohmann::json;

// POST /v1/truncate: {encoding | model, text, max_tokens} → the longest prefix within the
// budget, as `airtok truncate` cuts it.
json truncate_route(const json& request, serve::Produced& out) {
  serve::check_fields(request, {"encoding", "model", "text", "max_tokens"}, "/v1/truncate");
  const Encoding& encoding = serve::request_encoding(request);
  const std::string text = serve::required_string(request, "text");
  const std::size_t max_tokens = serve::size_field(request, "max_tokens", 0, true);
  const std::size_t length = truncated_length(encoding, text, max_tokens);
  const std::string_view prefix = std::string_view(text).substr(0, length);
  const std::size_t count = encoding.count_ordinary(prefix);
  out.tokens += count;
  return {{"encoding", encoding.name()},
          {"text", prefix},
          {"count", count},
          {"truncated", length < text.size()}};
}

// POST /v1/chunk: {encoding | model, text, max_tokens, overlap, boundary} → the chunks of
// `airtok chunk`, with the same fields.
json chunk_route(const json& request, serve::Produced& out) {
  serve::check_fields(request, {"encoding", "model", "text", "max_tokens", "overlap", "boundary"},
                      "/v1/chunk");
  const Encoding& encoding = serve::request_encoding(request);
  const std::string text = serve::required_string(request, "text");
  const std::size_t max_tokens = serve::size_field(request, "max_tokens", 0, true);
  const std::size_t overlap = serve::size_field(request, "overlap", 0, false);
  const std::string name = request.contains("boundary") && !request["boundary"].is_null()
                               ? serve::required_string(request, "boundary")
                               : "line";
  if (name != "line" && name != "paragraph" && name != "token") {
    throw serve::ApiError(
        400, "invalid_request",
        "\"boundary\" must be \"line\", \"paragraph\" or \"token\", not \"" + name + "\"");
  }
  const Boundary boundary = name == "paragraph" ? Boundary::paragraph
                            : name == "token"   ? Boundary::token
                                                : Boundary::line;
  std::vector<Chunk> chunks;
  try {
    chunks = chunk_text(encoding, text, max_tokens, overlap, boundary);
  } catch (const CliError& e) {  // worded for the CLI's options, which are the fields here
    std::string message = e.what();
    for (const auto& [option, field] :
         {std::pair<std::string, std::string>{"--max-tokens", "max_tokens"},
          {"--overlap", "overlap"}}) {
      for (std::size_t at; (at = message.find(option)) != std::string::npos;) {
        message.replace(at, option.size(), field);
      }
    }
    throw serve::ApiError(400, "invalid_request", message);
  }
  json list = json::array();
  std::size_t cursor_byte = 0, cursor_char = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    cursor_char += char_count(std::string_view(text).substr(cursor_byte, c.start - cursor_byte));
    cursor_byte = c.start;
    const std::string_view body = std::string_view(text).substr(c.start, c.end - c.start);
    list.push_back({{"index", i},
                    {"text", body},
                    {"byte_start", c.start},
                    {"byte_end", c.end},
                    {"char_start", cursor_char},
                    {"char_end", cursor_char + char_count(body)},
                    {"tokens", c.tokens}});
    out.tokens += c.tokens;
  }
  return {{"encoding", encoding.name()}, {"chunks", std::move(list)}};
}

}  // namespace

ServeCommand::ServeCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "serve",
          "Serve token counts, ids and text over HTTP (JSON), for programs in any language; "
          "also in vLLM's /tokenize and /detokenize shapes")) {
  CLI::App& c = *command_;
  c.add_option("--listen", options_.listen,
               "HOST:PORT to listen on (default 127.0.0.1:8797); port 0 picks a free port; "
               "beyond loopback a token is required")
      ->type_name("HOST:PORT");
  c.add_option("--auth-token-file", options_.auth_token_file,
               "File holding the bearer token clients must send (Authorization: Bearer TOKEN)")
      ->type_name("FILE");
  c.add_flag("--no-auth", options_.no_auth,
             "Listen beyond loopback without a token (anyone who can reach it may use it)");
  c.add_option("--cors", options_.cors_origin,
               "Allow browsers on ORIGIN (e.g. https://tools.example) to call the service")
      ->type_name("ORIGIN");
  c.add_option("--max-body", options_.max_body,
               "Largest JSON request body in bytes (default 16777216); larger ones get 413")
      ->type_name("BYTES");
  c.add_option("--max-texts", options_.max_texts, "Most texts in one batch request (default 10000)")
      ->type_name("N");
  c.add_option("--max-model-len", options_.max_model_len,
               "The max_model_len that /tokenize reports (default 128000)")
      ->type_name("N");
  c.add_option("--threads", options_.threads,
               "Connections served at once (default: 64 or 16 per core, whichever is more)")
      ->type_name("N");
  c.add_option("--timeout", options_.timeout,
               "Seconds to wait for a slow client before closing its connection (default 30)")
      ->type_name("SECONDS")
      ->check(CLI::Range(1u, 3600u));
  c.add_option("--log", log_, "Access log on standard error: text (default), json or off")
      ->check(CLI::IsMember({"text", "json", "off"}));
  c.footer(
      "Examples:\n  airtok serve\n  airtok serve --listen 0.0.0.0:8797 --auth-token-file "
      "/etc/airtok/token\n  curl -s localhost:8797/v1/count -d '{\"model\": \"gpt-4o\", "
      "\"text\": \"hello world\"}'\n\n"
      "Endpoints: POST /v1/tokenize, /v1/count (JSON, or raw text/plain of any size), "
      "/v1/detokenize, /v1/truncate, /v1/chunk (as the commands), /v1/harmony/render, "
      "/v1/harmony/parse (gpt-oss conversations), /tokenize, /detokenize; GET / "
      "(a live page: open it in a browser to see text's tokens as you type), /v1/encodings, "
      "/v1/models, /healthz, /metrics. SIGTERM or SIGINT stops it after the requests in flight.");
}

int ServeCommand::run(std::FILE* out) const {
  serve::ServerOptions options = options_;
  options.routes = {{"/v1/truncate", truncate_route}, {"/v1/chunk", chunk_route}};
  options.log = log_ == "json"  ? serve::LogFormat::json
                : log_ == "off" ? serve::LogFormat::off
                                : serve::LogFormat::text;
  try {
    return serve::run_server(options, out);
  } catch (const serve::ConfigError& e) {
    throw CliError(e.what());
  }
}

}  // namespace airtok::cli
