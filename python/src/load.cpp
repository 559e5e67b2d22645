// load.cpp — vocabulary files and tiktoken's cache directory, offline (airtok/cache.hpp).
#include "convert.hpp"
#include "module.hpp"

#include <airtok/cache.hpp>

#include <optional>
#include <string>

namespace airtok::python {

namespace {

py::dict dict_of(const MergeableRanks& ranks) {
  py::dict out;
  for (const auto& [bytes, rank] : ranks) out[bytes_from(bytes)] = py::int_(rank);
  return out;
}

py::dict dict_of(const OfficialFile& file) {
  py::dict out;
  out["name"] = std::string(file.name);
  out["url"] = std::string(file.url);
  out["sha256"] = std::string(file.sha256);
  py::list encodings;
  for (std::string_view e : file.encodings) encodings.append(std::string(e));
  out["encodings"] = encodings;
  return out;
}

std::string hash_or_empty(const std::optional<std::string>& hash) { return hash.value_or(""); }

template <typename F>
auto nogil(F&& work) {
  py::gil_scoped_release release;
  return work();
}

}  // namespace

void bind_load(py::module_& module) {
  module.def(
      "load_tiktoken_bpe",
      [](const std::string& file, const std::optional<std::string>& expected_hash) {
        return dict_of(
            nogil([&] { return load_tiktoken_bpe(file, hash_or_empty(expected_hash)); }));
      },
      py::arg("tiktoken_bpe_file"), py::arg("expected_hash") = py::none(),
      "Reads a .tiktoken file (a local path, or a URL looked up in tiktoken's cache directory, "
      "never downloaded) into {token bytes: rank}. LoadError names the file, line and fix.");
  module.def(
      "load_data_gym",
      [](const std::string& vocab_bpe, const std::string& encoder_json,
         const std::optional<std::string>& vocab_hash,
         const std::optional<std::string>& encoder_hash) {
        return dict_of(nogil([&] {
          return load_data_gym(vocab_bpe, encoder_json, hash_or_empty(vocab_hash),
                               hash_or_empty(encoder_hash));
        }));
      },
      py::arg("vocab_bpe_file"), py::arg("encoder_json_file"),
      py::arg("vocab_bpe_hash") = py::none(), py::arg("encoder_json_hash") = py::none(),
      "tiktoken's data_gym_to_mergeable_bpe_ranks, offline.");
  module.def(
      "read_file_cached",
      [](const std::string& file, const std::optional<std::string>& expected_hash) {
        return bytes_from(
            nogil([&] { return read_file_cached(file, hash_or_empty(expected_hash)); }));
      },
      py::arg("blobpath"), py::arg("expected_hash") = py::none(),
      "tiktoken's read_file_cached without the network: a local path is read, a URL is looked "
      "up in the cache directory; the SHA-256 is checked.");
  module.def(
      "cache_key", [](const std::string& url) { return cache_key(url); }, py::arg("url"),
      "tiktoken's name for a URL's file in the cache: the SHA-1 hex digest of the URL.");
  module.def(
      "cache_dir",
      [] {
        const CacheDir dir = resolve_cache_dir();
        py::dict out;
        out["path"] = dir.path;
        out["rule"] = std::string(dir.rule_name());
        out["reason"] = dir.reason;
        out["disabled"] = dir.disabled();
        return out;
      },
      "The cache directory tiktoken would use in this environment, and why.");
  module.def(
      "official_file",
      [](const std::string& url) -> py::object {
        const OfficialFile* file = find_official_file(url);
        if (file == nullptr) return py::none();
        return dict_of(*file);
      },
      py::arg("url"), "The official file downloaded from `url` (a dict), or None.");
  module.def(
      "official_files",
      [] {
        py::list out;
        for (const OfficialFile& file : official_files()) out.append(dict_of(file));
        return out;
      },
      "The six files tiktoken downloads for the built-in encodings (dicts: name, url, sha256, "
      "encodings).");
  module.def(
      "official_file_contents",
      [](const std::string& url) {
        const OfficialFile* file = find_official_file(url);
        if (file == nullptr) throw py::value_error(url + " is not an official file's URL");
        return bytes_from(nogil([&] { return file->contents(); }));
      },
      py::arg("url"),
      "The exact bytes of the official file downloaded from `url`, rebuilt from the tables "
      "compiled into the library (SHA-256 checked).");
}

}  // namespace airtok::python
