// serve_command.cpp — see serve_command.hpp.
#include "serve_command.hpp"

#include "input.hpp"

namespace airtok::cli {

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
               "Connections served at once (default: 16 or 4 per core, whichever is more)")
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
      "/v1/detokenize, /tokenize, /detokenize; GET /v1/encodings, /v1/models, /healthz, "
      "/metrics. SIGTERM or SIGINT stops it after the requests in flight.");
}

int ServeCommand::run(std::FILE* out) const {
  serve::ServerOptions options = options_;
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
