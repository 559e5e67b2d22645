// consumer.cpp — a C++ program built against an installed airtok (see tests/install/run.sh).
// It uses the C++ API through the umbrella header, checks that the C API agrees with it, and
// catches each exception type the library throws, by its own type, by airtok::Error and by
// std::exception, with the data each carries. (libstdc++ matches exception types by their
// typeinfo's name, so on GCC's runtime this works even if the library hid the typeinfo;
// exported_symbols.sh checks that it is exported, as other runtimes need.)
#include <airtok/airtok.h>
#include <airtok/airtok.hpp>

#include <cstdio>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

int failures = 0;

// Runs `f`, which must throw exactly E (caught as E, with typeid(E)), then again to catch it as
// airtok::Error and as std::exception; `check` looks at the E caught.
template <class E, class F, class C>
void expect_throw(const char* what, F f, C check) {
  try {
    f();
    std::fprintf(stderr, "%s: nothing thrown\n", what);
    ++failures;
    return;
  } catch (const E& e) {
    if (typeid(e) != typeid(E) || !check(e)) {
      std::fprintf(stderr, "%s: caught, but wrong (%s): %s\n", what, typeid(e).name(), e.what());
      ++failures;
      return;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: not caught by its type (%s): %s\n", what, typeid(e).name(), e.what());
    ++failures;
    return;
  }
  try {
    f();
  } catch (const airtok::Error& e) {
    if (dynamic_cast<const E*>(&e) == nullptr) {
      std::fprintf(stderr, "%s: dynamic_cast from airtok::Error failed\n", what);
      ++failures;
    }
  } catch (...) {
    std::fprintf(stderr, "%s: not caught as airtok::Error\n", what);
    ++failures;
  }
  try {
    f();
  } catch (const std::exception& e) {
    if (dynamic_cast<const E*>(&e) == nullptr) {
      std::fprintf(stderr, "%s: dynamic_cast from std::exception failed\n", what);
      ++failures;
    }
  } catch (...) {
    std::fprintf(stderr, "%s: not caught as std::exception\n", what);
    ++failures;
  }
}

const auto any = [](const auto&) { return true; };

void catch_every_exception_type(const airtok::Encoding& enc) {
  expect_throw<airtok::UnknownEncodingError>(
      "get_encoding(\"no_such_encoding\")", [] { airtok::get_encoding("no_such_encoding"); }, any);
  expect_throw<airtok::DisallowedSpecialError>(
      "encode(\"<|endoftext|>\")", [&] { enc.encode("<|endoftext|>"); },
      [](const airtok::DisallowedSpecialError& e) { return e.token() == "<|endoftext|>"; });
  expect_throw<airtok::InvalidTokenError>(
      "decode_single_token_bytes(4000000000)",
      [&] { enc.decode_single_token_bytes(4'000'000'000u); }, any);
  expect_throw<airtok::InvalidEncodingError>(
      "create with a wrong explicit_n_vocab",
      [] {
        airtok::Encoding::create("mine", R"(\w+)", {{"a", 0}, {"b", 1}}, {}, 5);
      },
      any);
  expect_throw<airtok::LoadError>(
      "parse_tiktoken_bpe of a bad line",
      [] { airtok::parse_tiktoken_bpe("!!! 0\n", "bad.tiktoken"); },
      [](const airtok::LoadError& e) { return e.file() == "bad.tiktoken" && e.line() == 1; });
  expect_throw<airtok::CacheError>(
      "import_cache of a missing bundle",
      [] { airtok::import_cache("/nonexistent/airtok-consumer-bundle"); },
      [](const airtok::CacheError& e) { return !e.path().empty(); });
  expect_throw<airtok::harmony::HarmonyError>(
      "load_harmony_encoding(\"nope\")", [] { airtok::harmony::load_harmony_encoding("nope"); },
      any);
}

}  // namespace

int main() {
  const std::string text = "Hello from an installed airtok, in C++20!";
  try {
    const airtok::Encoding& enc = airtok::get_encoding("o200k_base");
    const std::vector<airtok::Rank> ids = enc.encode_ordinary(text);
    if (ids.empty() || enc.decode(ids) != text || enc.count_ordinary(text) != ids.size()) {
      std::fprintf(stderr, "C++ round trip failed\n");
      return 1;
    }
    std::vector<uint32_t> c_ids(text.size());
    size_t n = airtok_encode_ordinary(airtok_get_encoding("o200k_base"), text.data(), text.size(),
                                      c_ids.data(), c_ids.size());
    c_ids.resize(n == AIRTOK_ERROR ? 0 : n);
    if (c_ids != ids) {
      std::fprintf(stderr, "the C API disagrees with the C++ API: %s\n", airtok_last_error());
      return 1;
    }
    catch_every_exception_type(enc);
    if (failures != 0) return 1;
    std::printf("C++ consumer: %zu tokens, round trip ok, C API agrees, 7 exception types caught\n",
                ids.size());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception: %s\n", e.what());
    return 1;
  }
  return 0;
}
