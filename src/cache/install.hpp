// install.hpp — putting a file into a cache directory under its tiktoken name; shared by install,
// add and import.
#pragma once

#include "cache/atomic_write.hpp"

#include <airtok/cache.hpp>

#include <string>
#include <string_view>

namespace airtok::detail {

/// Creates the directory if needed; throws CacheError (with the fix for `args`, what follows
/// `airtok cache`) when the cache is disabled or the directory cannot be created.
void prepare_directory(const CacheDir& dir, std::string_view args);

/// The WriteContext for writing `what` into `dir` (fix: a writable directory for `args`).
WriteContext write_context(const CacheDir& dir, std::string_view what, std::string_view args);

/// Makes `dir`/`key` hold exactly `contents` (SHA-256 `sha256`): returns false when it already
/// did, true after writing it atomically. Throws CacheError.
bool put_in_cache(const CacheDir& dir, const std::string& key, std::string_view contents,
                  const std::string& sha256, const WriteContext& context);

}  // namespace airtok::detail
