// messages.hpp — how the tiktoken cache kit phrases its errors. Every message names the file,
// its name in the cache, the directory, why that directory, and the command that fixes it; these
// helpers make the last three parts the same everywhere.
#pragma once

#include <airtok/cache.hpp>

#include <string>
#include <string_view>

namespace airtok::detail {

/// `DIR, the directory used because REASON` (with "(which does not exist)" when it does not).
std::string directory_phrase(const CacheDir& dir);

/// " --dir DIR" (shell-quoted) when the directory was given explicitly, else "".
std::string dir_option(const CacheDir& dir);

/// "airtok never downloads", and when TIKTOKEN_OFFLINE is set, that tiktoken 0.14 ignores it.
std::string offline_note();

/// " --for harmony" for openai-harmony's directory, else "".
std::string for_option(const CacheDir& dir);

/// `airtok cache install ENCODING[ --for harmony][ --dir DIR]` for an official file.
std::string install_command(const OfficialFile& file, const CacheDir& dir);

/// What the directory's consumer does at first use when `file` is missing there.
std::string missing_consequence(const OfficialFile& file, const CacheDir& dir);

/// What the directory's consumer does at first use with a corrupt copy.
std::string corrupt_consequence(const CacheDir& dir);

/// Why `name` is a name `file` is read under in `dir` ("the SHA-1 of URL, which tiktoken reads").
std::string name_reason(const std::string& name, const OfficialFile& file, const CacheDir& dir);

/// `airtok cache add FILE --url URL[ --sha256 HASH][ --dir DIR]` for any URL.
std::string add_command(std::string_view file, std::string_view url, std::string_view sha256,
                        const CacheDir& dir);

/// The fix for a directory that cannot be written: a directory of one's own, and how to make
/// tiktoken use it. `args` is what follows `airtok cache` (e.g. "install cl100k_base").
std::string writable_dir_fix(const CacheDir& dir, std::string_view args);

/// Lowercase copy of a hex digest.
std::string lowercase(std::string_view text);

}  // namespace airtok::detail
