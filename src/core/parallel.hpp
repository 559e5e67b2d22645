// parallel.hpp — a process-wide worker pool for batch calls.
#pragma once

#include <cstddef>
#include <functional>

namespace airtok::detail {

/// Runs body(i) for every i in [0, n) on up to `threads` threads (0 = all hardware threads),
/// the calling thread included, and returns when all are done. If some body(i) throw, rethrows
/// the exception of the smallest such i after every index has run. Safe across fork(): a
/// forked child never uses or joins its parent's workers (which fork does not copy); its first
/// call makes a pool of its own.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& body);

}  // namespace airtok::detail
