// airtok/cache.hpp — tiktoken's cache directory, offline: find it, fill it, check it, and load
// file-based encodings from it without ever opening a network connection.
//
// Python tiktoken downloads each vocabulary file on first use and keeps it in a cache directory,
// under the SHA-1 of the file's URL. On a closed network the download fails. airtok carries the
// six official files inside itself, so it can write them where tiktoken looks, under the names
// tiktoken looks for, and check what is there. openai-harmony (gpt-oss's format, inside the
// serving stacks) does the same with o200k_base.tiktoken in a directory of its own; every
// function below that takes CacheOptions serves either consumer (CacheOptions::consumer).
//
// Tutorial:
//
//   #include <airtok/cache.hpp>
//
//   airtok::CacheDir dir = airtok::resolve_cache_dir();   // where tiktoken 0.14 looks, and why
//   std::cout << dir.path << ": " << dir.reason << '\n';
//
//   airtok::install_cache({});          // all six official files, atomically, hash-checked
//   airtok::VerifyReport report = airtok::verify_cache({});
//   if (!report.ok()) std::cerr << report.to_text();
//
//   // openai-harmony (gpt-oss) reads o200k_base.tiktoken from a directory of its own, under
//   // names of its own (see Consumer); the same functions fill and check it.
//   airtok::install_cache({}, {.consumer = airtok::Consumer::harmony});
//   airtok::verify_cache({}, {.consumer = airtok::Consumer::harmony}).ok();
//
//   // A file-based encoding, loaded from the cache exactly as tiktoken loads it (never the
//   // network); it gives the same ids as the built-in one.
//   airtok::Encoding enc = airtok::load_encoding(airtok::builtin_definition("cl100k_base"));
//
//   // A custom encoding whose ranks come from a URL (looked up in the cache) or a local path.
//   airtok::EncodingDefinition custom{.name = "mine", .pat_str = "...",
//                                     .tiktoken_bpe_file = "https://example.com/mine.tiktoken"};
//   airtok::Encoding mine = airtok::load_encoding(custom);
//
// tiktoken's rules (tiktoken/load.py, `read_file_cached`, version 0.14, unchanged since 0.2):
//  - the directory is $TIKTOKEN_CACHE_DIR if that variable is set, else $DATA_GYM_CACHE_DIR if
//    set, else Python's `tempfile.gettempdir()` joined with "data-gym-cache"; a variable set to
//    the empty string disables the cache (tiktoken then downloads on every use);
//  - a URL's file is cached under the lowercase SHA-1 hex digest of the URL's UTF-8 bytes;
//  - a cached file whose SHA-256 differs from the expected one is deleted and downloaded again;
//  - downloads are written to "<name>.<uuid>.tmp" and renamed into place.
// tiktoken 0.14 has no TIKTOKEN_OFFLINE variable; airtok mentions it in its messages when it is
// set, because some tools and other tiktoken ports read it.
//
// Differences, all on the side of safety: airtok never downloads and never deletes; a local path
// is read directly (tiktoken would also copy it into the cache); a URL whose file is missing
// under its SHA-1 name is also looked for under the URL's last path segment
// ("cl100k_base.tiktoken"), since that is what people copy into the directory; and the SHA-256
// of the official files is checked even when the caller gives none.
//
// Errors: every failure throws. A file that is missing or corrupt in the cache throws LoadError
// (file() is the path looked for); install, add, export and import failures throw CacheError.
// Every message names the file, its name in the cache, the directory, why that directory, and
// the `airtok cache ...` command that fixes it.
//
// Thread safety: every function may be called from several threads at once. The functions read
// the process environment (getenv); do not modify the environment while they run. Concurrent
// installs into one directory, from threads or processes, never leave a partial or corrupt file:
// each file is written under a unique temporary name, checked, and renamed into place.
#pragma once

#include <airtok/export.h>
#include <airtok/encoding.hpp>
#include <airtok/error.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airtok {

/// Writing to a cache directory or a bundle failed (unwritable or read-only directory, disk
/// full, a file replaced by another process, a refused file, a malformed bundle). `path()` is the
/// file or directory at fault.
class AIRTOK_API CacheError : public Error {
 public:
  CacheError(const std::string& message, std::string path)
      : Error(message), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// ---- Who reads the files ---------------------------------------------------------------------

/// A program that reads OpenAI's vocabulary files from a directory of its own. Each has its own
/// rules for the directory and the file names; airtok fills and checks either.
enum class Consumer {
  /// Python tiktoken 0.2 to 0.14 (tiktoken/load.py): the rules above; every official file.
  tiktoken,
  /// openai-harmony (gpt-oss's conversation format; inside vLLM, SGLang, TensorRT-LLM, Dynamo),
  /// whose Rust core (src/tiktoken_ext/public_encodings.rs) reads o200k_base.tiktoken, and only
  /// that file, for its one encoding HarmonyGptOss:
  ///  - if $TIKTOKEN_ENCODINGS_BASE is set (even to ""), from that directory under the plain
  ///    name "o200k_base.tiktoken", SHA-256 checked, and nothing else: no cache, no download, so
  ///    a wrong path or a missing file fails (HarmonyError: invalid tiktoken vocab file);
  ///  - else from $TIKTOKEN_RS_CACHE_DIR if set (even to "": the current directory), else
  ///    Rust's std::env::temp_dir() ($TMPDIR if set, else /tmp) + "/tiktoken-rs-cache", which it
  ///    creates; the file is named by the SHA-1 of its URL (the same name as tiktoken's); a file
  ///    with the wrong SHA-256 is deleted and downloaded again, and offline the download fails
  ///    (HarmonyError: error downloading or loading vocab file).
  harmony,
};

/// "tiktoken" or "openai-harmony" (the names the messages use).
AIRTOK_API std::string_view to_string(Consumer consumer) noexcept;

/// The consumers `name` stands for: "tiktoken", "harmony" (or "openai-harmony") or "all" (both,
/// tiktoken first). Throws Error naming the accepted values for anything else.
AIRTOK_API std::vector<Consumer> parse_consumers(std::string_view name);

// ---- Where the cache is --------------------------------------------------------------------

/// Which rule chose the cache directory.
enum class CacheDirRule {
  explicit_dir,             ///< given by the caller (CacheOptions::dir, `--dir`)
  tiktoken_cache_dir,       ///< $TIKTOKEN_CACHE_DIR
  data_gym_cache_dir,       ///< $DATA_GYM_CACHE_DIR (TIKTOKEN_CACHE_DIR unset)
  temp_dir,                 ///< <Python's tempfile.gettempdir()>/data-gym-cache (both unset)
  tiktoken_encodings_base,  ///< openai-harmony: $TIKTOKEN_ENCODINGS_BASE (plain names)
  tiktoken_rs_cache_dir,    ///< openai-harmony: $TIKTOKEN_RS_CACHE_DIR (ENCODINGS_BASE unset)
  rust_temp_dir,            ///< openai-harmony: <Rust's temp_dir()>/tiktoken-rs-cache
};

struct OfficialFile;

/// How a consumer names the files in its directory.
enum class FileNaming {
  url_sha1,    ///< the SHA-1 hex of the file's URL (tiktoken; openai-harmony's cache)
  plain_name,  ///< the URL's last segment, "o200k_base.tiktoken" ($TIKTOKEN_ENCODINGS_BASE)
  /// Both, each a full copy: an explicit directory for openai-harmony, which then works as
  /// $TIKTOKEN_RS_CACHE_DIR and as $TIKTOKEN_ENCODINGS_BASE alike.
  both,
};

/// The cache directory and why it is the one.
struct AIRTOK_API CacheDir {
  /// The directory, as the consumer would spell it (a relative value is relative to the current
  /// directory, as in tiktoken). Empty when tiktoken's cache is disabled.
  std::string path;
  CacheDirRule rule = CacheDirRule::temp_dir;
  /// One sentence saying why, e.g. `TIKTOKEN_CACHE_DIR is set to "/srv/tiktoken"`.
  std::string reason;
  /// Who reads it, and under which names.
  Consumer consumer = Consumer::tiktoken;
  FileNaming naming = FileNaming::url_sha1;

  /// True when the chosen variable is set to the empty string: tiktoken then downloads on every
  /// use and caches nothing. (openai-harmony has no such case: "" is the current directory.)
  bool disabled() const noexcept { return path.empty(); }
  /// True unless the directory is the consumer's default (which tiktoken treats as best effort).
  bool user_specified() const noexcept {
    return rule != CacheDirRule::temp_dir && rule != CacheDirRule::rust_temp_dir;
  }
  /// False only for $TIKTOKEN_ENCODINGS_BASE, where openai-harmony never downloads: a missing or
  /// corrupt file there is a failure even online.
  bool downloads_when_missing() const noexcept {
    return rule != CacheDirRule::tiktoken_encodings_base;
  }
  /// "explicit", "TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR", "TIKTOKEN_ENCODINGS_BASE",
  /// "TIKTOKEN_RS_CACHE_DIR" or "default".
  std::string_view rule_name() const noexcept;
  /// `official`'s name(s) in this directory: its key, its plain name, or both (in that order).
  std::vector<std::string> names_of(const OfficialFile& official) const;
  /// {"path", "rule", "reason", "disabled", "exists", "consumer", "naming"} on one line.
  std::string to_json() const;
};

/// Where to read and write, and for whom. An empty `dir` means the consumer's own directory
/// (resolve_cache_dir(consumer)).
struct AIRTOK_API CacheOptions {
  std::string dir;
  Consumer consumer = Consumer::tiktoken;
};

/// The cache directory tiktoken 0.14 would use in this process's environment, or `explicit_dir`
/// when it is not empty. For the default it emulates Python's `tempfile.gettempdir()`: the
/// first of $TMPDIR, $TEMP, $TMP (non-empty), /tmp, /var/tmp, /usr/tmp and the current directory
/// in which a file can be created (it creates and removes a probe file, as Python does), made
/// absolute and normalized like `os.path.abspath`.
AIRTOK_API CacheDir resolve_cache_dir(std::string_view explicit_dir = {});

/// The directory `consumer` reads in this process's environment (see Consumer), or
/// `explicit_dir` when it is not empty (for openai-harmony, an explicit directory gets both
/// names, FileNaming::both). For tiktoken it is resolve_cache_dir(explicit_dir).
AIRTOK_API CacheDir resolve_cache_dir(Consumer consumer, std::string_view explicit_dir = {});

/// tiktoken's cache key: the lowercase SHA-1 hex digest of `url`'s bytes (40 characters).
/// cache_key("https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken") ==
/// "9b5ad71b2ce5302211f9c61530b329a4922fc6a4".
AIRTOK_API std::string cache_key(std::string_view url);

// ---- The official files --------------------------------------------------------------------

/// One of the six files tiktoken downloads for the built-in encodings.
struct AIRTOK_API OfficialFile {
  std::string_view name;    ///< the URL's last segment, e.g. "cl100k_base.tiktoken"
  std::string_view url;     ///< where tiktoken downloads it from
  std::string_view sha256;  ///< its published SHA-256 (tiktoken_ext/openai_public.py)
  std::size_t size;         ///< its size in bytes
  /// The built-in encodings that read it, e.g. {"o200k_base", "o200k_harmony"}.
  std::span<const std::string_view> encodings;

  /// cache_key(url): the file's name in the cache.
  std::string key() const;
  /// The file's exact bytes, rebuilt from the tables compiled into the library (the four
  /// `.tiktoken` files) or embedded as they are (GPT-2's vocab.bpe and encoder.json). Their
  /// SHA-256 is checked before they are returned.
  std::string contents() const;
};

/// The six official files: vocab.bpe, encoder.json (gpt2), r50k_base, p50k_base, cl100k_base and
/// o200k_base `.tiktoken`, in that order.
AIRTOK_API std::span<const OfficialFile> official_files() noexcept;

/// The official file downloaded from `url`, or nullptr.
AIRTOK_API const OfficialFile* find_official_file(std::string_view url) noexcept;

/// The official files of the given built-in encodings, without duplicates, in official_files()
/// order; all six when `encodings` is empty. Throws UnknownEncodingError for an unknown name.
AIRTOK_API std::vector<const OfficialFile*> official_files_for(
    std::span<const std::string> encodings);

/// The official files `consumer` reads, for `encodings` (all it reads when empty): for tiktoken
/// official_files_for(encodings); for openai-harmony o200k_base.tiktoken, when `encodings` is
/// empty or names o200k_base or o200k_harmony. Throws UnknownEncodingError, or Error (saying
/// what openai-harmony reads) when `encodings` selects no file openai-harmony reads.
AIRTOK_API std::vector<const OfficialFile*> consumer_files(Consumer consumer,
                                                           std::span<const std::string> encodings);

/// The official files as a JSON array (name, url, key, sha256, size, encodings).
AIRTOK_API std::string official_files_json();

// ---- Reading, as tiktoken does, offline ----------------------------------------------------

/// tiktoken's `read_file_cached(url_or_path, expected_sha256)` without the network:
///  - a local path (no "://") is read directly;
///  - a URL is read from the cache directory under cache_key(url), or else under the URL's last
///    path segment; the SHA-256 is checked against `expected_sha256` or, when that is empty and
///    the URL is an official one, against the official hash.
/// Throws LoadError when the file is missing, unreadable or has the wrong SHA-256, or when the
/// cache is disabled; the message says which file, under which name, in which directory, why
/// that directory, and the `airtok cache` command that fixes it.
AIRTOK_API std::string read_file_cached(std::string_view url_or_path,
                                        std::string_view expected_sha256 = {},
                                        const CacheOptions& options = {});

/// tiktoken's `load_tiktoken_bpe(url_or_path, expected_hash)`: read_file_cached, then parsed
/// (errors name the file and line).
AIRTOK_API MergeableRanks load_tiktoken_bpe(std::string_view url_or_path,
                                            std::string_view expected_sha256 = {},
                                            const CacheOptions& options = {});

/// tiktoken's `data_gym_to_mergeable_bpe_ranks(vocab_bpe_file, encoder_json_file, vocab_bpe_hash,
/// encoder_json_hash)`: both files through read_file_cached, then parsed and cross-checked.
AIRTOK_API MergeableRanks load_data_gym(std::string_view vocab_bpe_file,
                                        std::string_view encoder_json_file,
                                        std::string_view vocab_bpe_sha256 = {},
                                        std::string_view encoder_json_sha256 = {},
                                        const CacheOptions& options = {});

/// What tiktoken's encoding constructors return (tiktoken_ext/openai_public.py): a name, a
/// pattern, special tokens, and where the ranks come from — either a `.tiktoken` file or
/// GPT-2's two data-gym files, each a URL (read through the cache) or a local path.
struct AIRTOK_API EncodingDefinition {
  std::string name;
  std::string pat_str;
  /// A `.tiktoken` file, and optionally its SHA-256. Leave empty for data-gym files.
  std::string tiktoken_bpe_file;
  std::string tiktoken_bpe_sha256;
  /// GPT-2's data-gym pair, and optionally their SHA-256. Leave empty for a `.tiktoken` file.
  std::string vocab_bpe_file;
  std::string vocab_bpe_sha256;
  std::string encoder_json_file;
  std::string encoder_json_sha256;
  SpecialTokens special_tokens;
  std::optional<std::size_t> explicit_n_vocab;
};

/// The definition tiktoken 0.14 uses for the built-in encoding `name`, with the official URLs
/// and hashes. Throws UnknownEncodingError.
AIRTOK_API EncodingDefinition builtin_definition(std::string_view name);

/// Builds the encoding a definition describes, reading its ranks with load_tiktoken_bpe or
/// load_data_gym (so from the cache for URLs, never the network), then Encoding::create. The
/// result behaves exactly like a built-in encoding with the same definition. Throws LoadError
/// or InvalidEncodingError; a definition with both or neither kind of rank file throws
/// InvalidEncodingError.
AIRTOK_API Encoding load_encoding(const EncodingDefinition& definition,
                                  const CacheOptions& options = {});

// ---- Filling and checking a cache directory ------------------------------------------------

/// One file written (or found already correct) by install_cache, add_to_cache or import_cache.
struct AIRTOK_API CachedFile {
  std::string name;  ///< what the file is, e.g. "cl100k_base.tiktoken"
  std::string url;   ///< the URL it is cached for
  std::string key;   ///< cache_key(url)
  std::string path;  ///< dir/stored_as
  /// Its name in the directory: `key`, or the plain `name` for $TIKTOKEN_ENCODINGS_BASE.
  std::string stored_as;
  std::string sha256;  ///< SHA-256 of the content, checked after writing
  std::size_t size = 0;
  /// False when a file with exactly this content was already there (nothing written).
  bool written = false;
  /// True when the SHA-256 was checked against a known hash (official, given, or a manifest).
  bool hash_checked = true;
  std::vector<std::string> encodings;  ///< built-in encodings that read it (may be empty)
};

struct AIRTOK_API InstallResult {
  CacheDir dir;
  std::vector<CachedFile> files;
};

/// Writes the official files of `encodings` (all six when empty; gpt2 gives both data-gym
/// files, p50k_edit p50k_base's, o200k_harmony o200k_base's) into the cache directory under
/// their tiktoken names, so that unmodified Python tiktoken then works offline. Creates the
/// directory. A file already there with the right SHA-256 is left alone; any other file under
/// that name is replaced. Each file is written to a unique temporary name, flushed, re-read and
/// checked, then renamed into place; after the rename the file is checked again. Throws
/// CacheError (nothing partial is left behind) or UnknownEncodingError.
/// With `options.consumer` openai-harmony: the file it reads (consumer_files) goes into its
/// directory under the name it looks for there (CacheDir::names_of: the SHA-1 name in its cache,
/// "o200k_base.tiktoken" in $TIKTOKEN_ENCODINGS_BASE, both in an explicit directory).
AIRTOK_API InstallResult install_cache(std::span<const std::string> encodings,
                                       const CacheOptions& options = {});

/// What add_to_cache files a file under.
struct AIRTOK_API AddOptions {
  /// The built-in encoding the file belongs to; its official hash must match.
  std::string encoding{};
  /// The URL tiktoken will ask for; if it is an official URL its hash must match.
  std::string url{};
  /// The file's expected SHA-256, for a URL that is not official.
  std::string sha256{};
};

/// Copies `file` (e.g. a `cl100k_base.tiktoken` someone downloaded) into the cache directory
/// under its tiktoken name. The URL comes from `encoding`, from `url`, or — when both are empty —
/// from the content (its SHA-256 is one of the official files'). Refuses, with the reason, a file
/// whose SHA-256 does not match the official or given hash (CacheError).
AIRTOK_API CachedFile add_to_cache(const std::string& file, const AddOptions& add,
                                   const CacheOptions& options = {});

/// The state of one entry of a cache directory.
enum class EntryStatus {
  ok,          ///< an official file, under the consumer's name for it, with the right SHA-256
  missing,     ///< an official file that is not there under any name
  corrupt,     ///< under the consumer's name but with the wrong SHA-256 (tiktoken would delete it)
  misnamed,    ///< the right content under another name (e.g. "cl100k_base.tiktoken" for
               ///< tiktoken, the SHA-1 name in $TIKTOKEN_ENCODINGS_BASE for openai-harmony)
  unreadable,  ///< there, but cannot be read
  unknown,     ///< another file (e.g. a custom encoding's cached file): not checked
  temporary,   ///< a leftover "<name>.<id>.tmp" of an interrupted download or install
};

/// "ok", "missing", "corrupt", "misnamed", "unreadable", "unknown", "temporary".
AIRTOK_API std::string_view to_string(EntryStatus status) noexcept;

struct AIRTOK_API VerifyEntry {
  EntryStatus status = EntryStatus::ok;
  /// The official file this entry is about, or nullptr for other files.
  const OfficialFile* official = nullptr;
  /// The entry's file name in the directory (the expected key for a missing file).
  std::string file;
  std::string sha256;    ///< of the content, when read
  std::size_t size = 0;  ///< of the content, when read
  std::string detail;    ///< what is wrong, in words (empty when ok)
  std::string fix;       ///< the command that fixes it (empty when nothing needs fixing)
  /// True for statuses that make the directory unusable for tiktoken: missing (for a requested
  /// encoding), corrupt, misnamed, unreadable.
  bool problem = false;
};

struct AIRTOK_API VerifyReport {
  CacheDir dir;
  bool dir_exists = false;
  std::vector<VerifyEntry> entries;

  /// No entry is a problem.
  bool ok() const noexcept;
  std::size_t problems() const noexcept;
  /// A table for people: one line per entry, details and fixes below it, a summary line.
  std::string to_text() const;
  /// The same as JSON.
  std::string to_json() const;
};

/// Checks the cache directory: every official file of `encodings` (all when empty) must be
/// there under its tiktoken name with the right SHA-256; other official files that are present
/// are checked too; every other entry is listed (unknown, temporary). Never modifies anything.
/// Throws CacheError only when the directory exists but cannot be listed.
/// With `options.consumer` openai-harmony: its directory, its file and its names; in an explicit
/// directory (FileNaming::both) one good copy under either name is enough, and a copy missing
/// under the other name is listed but not a problem.
AIRTOK_API VerifyReport verify_cache(std::span<const std::string> encodings,
                                     const CacheOptions& options = {});

// ---- Carrying a cache into a closed network ------------------------------------------------

/// Writes a self-contained folder: the official files of `encodings` (all when empty) under
/// their cache names, `manifest.json` (for each file: name, encodings, URL, key, SHA-256,
/// size), `SHA256SUMS` (for `sha256sum -c`) and `README.txt`. The folder itself is a valid
/// tiktoken cache directory. `bundle_dir` must not exist or be empty (or be an earlier bundle).
/// `consumers` (tiktoken when empty) chooses the files (the union of consumer_files); when it
/// includes openai-harmony, the files it reads are also written under their plain names
/// ("o200k_base.tiktoken"), so the folder also works as $TIKTOKEN_ENCODINGS_BASE, and the
/// manifest lists that name ("plain_name"). Returns the files written, with path inside the
/// bundle (a file under two names appears twice). Throws CacheError.
AIRTOK_API std::vector<CachedFile> export_cache(const std::string& bundle_dir,
                                                std::span<const std::string> encodings,
                                                std::span<const Consumer> consumers = {});

/// Checks a bundle written by export_cache — the manifest's format, each file's key (SHA-1 of its
/// URL), size and SHA-256, and for official URLs that the manifest's hash is the official one —
/// and only if everything is right installs its files into the cache directory (atomically, as
/// install_cache). A plain-name copy the manifest lists is checked as well. With
/// `options.consumer` openai-harmony, only the files it reads are installed, into its directory
/// under its names (a bundle without them is refused). Throws CacheError naming the first
/// problem; nothing is written then.
AIRTOK_API InstallResult import_cache(const std::string& bundle_dir,
                                      const CacheOptions& options = {});

}  // namespace airtok
