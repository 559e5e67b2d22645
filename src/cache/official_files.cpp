// official_files.cpp — the six files tiktoken downloads for the built-in encodings, derived from
// the built-in definitions (src/encodings/builtin.cpp: URL and SHA-256 of each source file), and
// their exact bytes from what is compiled into the library.
//
// A `.tiktoken` file is every token as "<base64> <rank>\n" in rank order (tiktoken's
// dump_tiktoken_bpe), so it is rebuilt exactly from the embedded rank table. GPT-2's data-gym
// files cannot be rebuilt from ranks (encoder.json's key order and escapes, vocab.bpe's header),
// so they are embedded as they are. Either way the SHA-256 is checked before use.
#include "cache/paths.hpp"
#include "core/load/base64.hpp"
#include "core/load/sha256.hpp"
#include "core/vocab.hpp"
#include "encodings/builtin.hpp"
#include "encodings/embedded_vocab.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <vector>

namespace airtok {

namespace {

/// Sizes of the published files, in bytes (data/, checked by SHA-256 at build time).
struct KnownSize {
  std::string_view name;
  std::size_t size;
};
constexpr KnownSize kSizes[] = {
    {"vocab.bpe", 456318},
    {"encoder.json", 1042301},
    {"r50k_base.tiktoken", 835554},
    {"p50k_base.tiktoken", 836186},
    {"cl100k_base.tiktoken", 1681126},
    {"o200k_base.tiktoken", 3613922},
};

/// Where an official file's bytes come from.
struct Origin {
  bool data_gym = false;
  detail::EmbeddedVocab vocab = detail::EmbeddedVocab::r50k_base;
  detail::DataGymFile data_gym_file = detail::DataGymFile::vocab_bpe;
};

struct Table {
  std::vector<OfficialFile> files;
  std::vector<Origin> origins;                      // parallel to files
  std::deque<std::vector<std::string_view>> names;  // storage of OfficialFile::encodings
};

std::size_t known_size(std::string_view name) {
  for (const KnownSize& known : kSizes) {
    if (known.name == name) return known.size;
  }
  throw Error("airtok has no size for the official file " + std::string(name));
}

Table build_table() {
  Table table;
  std::vector<std::string> file_names;
  std::vector<std::vector<std::string_view>> encodings;
  for (const detail::BuiltinEncoding& def : detail::builtin_encodings()) {
    for (std::size_t i = 0; i < def.sources.size(); ++i) {
      const detail::SourceFile& source = def.sources[i];
      auto found = std::find_if(table.files.begin(), table.files.end(),
                                [&](const OfficialFile& f) { return f.url == source.url; });
      std::size_t index = static_cast<std::size_t>(found - table.files.begin());
      if (found == table.files.end()) {
        file_names.push_back(detail::url_file_name(source.url));
        table.files.push_back(OfficialFile{{}, source.url, source.sha256, 0, {}});
        Origin origin;
        origin.data_gym = def.sources.size() == 2;
        origin.vocab = def.vocab;
        origin.data_gym_file =
            i == 0 ? detail::DataGymFile::vocab_bpe : detail::DataGymFile::encoder_json;
        table.origins.push_back(origin);
        encodings.emplace_back();
      }
      encodings[index].push_back(def.name);
    }
  }
  for (std::size_t i = 0; i < table.files.size(); ++i) {
    // URL strings are static; the file name is a suffix of the URL, so it can view into it.
    const std::string_view url = table.files[i].url;
    table.files[i].name = url.substr(url.size() - file_names[i].size());
    table.files[i].size = known_size(table.files[i].name);
    table.names.push_back(std::move(encodings[i]));
    table.files[i].encodings = table.names.back();
  }
  return table;
}

const Table& table() {
  static const Table* built = new Table(build_table());  // never destroyed: views may outlive
  return *built;
}

std::string tiktoken_file_text(detail::EmbeddedVocab which, std::size_t size_hint) {
  const detail::Vocab vocab = detail::Vocab::view(detail::embedded_vocab(which));
  std::string text;
  text.reserve(size_hint);
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    if (!vocab.has_rank(r)) continue;
    text += detail::base64_encode(vocab.token(r));
    text += ' ';
    text += std::to_string(r);
    text += '\n';
  }
  return text;
}

}  // namespace

std::string OfficialFile::key() const { return cache_key(url); }

std::string OfficialFile::contents() const {
  const Table& t = table();
  const std::size_t index = static_cast<std::size_t>(this - t.files.data());
  if (index >= t.files.size()) throw Error("OfficialFile::contents: not an official file");
  const Origin& origin = t.origins[index];
  std::string bytes;
  if (origin.data_gym) {
    const auto blob = detail::embedded_data_gym_file(origin.data_gym_file);
    bytes.assign(reinterpret_cast<const char*>(blob.data()), blob.size());
  } else {
    bytes = tiktoken_file_text(origin.vocab, size);
  }
  const std::string actual = sha256_hex(bytes);
  if (actual != sha256 || bytes.size() != size) {
    throw Error("airtok's built-in copy of " + std::string(name) + " has SHA-256 " + actual + " (" +
                std::to_string(bytes.size()) + " bytes) instead of the published " +
                std::string(sha256) + " (" + std::to_string(size) +
                " bytes): this build of airtok is broken; rebuild it from a clean checkout");
  }
  return bytes;
}

std::span<const OfficialFile> official_files() noexcept { return table().files; }

const OfficialFile* find_official_file(std::string_view url) noexcept {
  for (const OfficialFile& file : official_files()) {
    if (file.url == url) return &file;
  }
  return nullptr;
}

std::vector<const OfficialFile*> official_files_for(std::span<const std::string> encodings) {
  std::vector<const OfficialFile*> chosen;
  for (const std::string& name : encodings) {
    bool known = false;
    for (const detail::BuiltinEncoding& def : detail::builtin_encodings())
      known |= def.name == name;
    if (!known) {
      std::string names;
      for (const detail::BuiltinEncoding& def : detail::builtin_encodings()) {
        names += (names.empty() ? "" : ", ") + std::string(def.name);
      }
      throw UnknownEncodingError("Unknown encoding " + name + ". Known encodings: " + names);
    }
  }
  for (const OfficialFile& file : official_files()) {
    const bool wanted =
        encodings.empty() || std::any_of(encodings.begin(), encodings.end(), [&](const auto& e) {
          return std::find(file.encodings.begin(), file.encodings.end(), e) != file.encodings.end();
        });
    if (wanted) chosen.push_back(&file);
  }
  return chosen;
}

std::string official_files_json() {
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const OfficialFile& file : official_files()) {
    nlohmann::ordered_json j;
    j["name"] = file.name;
    j["encodings"] = std::vector<std::string>(file.encodings.begin(), file.encodings.end());
    j["url"] = file.url;
    j["key"] = file.key();
    j["sha256"] = file.sha256;
    j["size"] = file.size;
    files.push_back(std::move(j));
  }
  return files.dump();
}

}  // namespace airtok
