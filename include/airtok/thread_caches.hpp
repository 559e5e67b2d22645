// thread_caches.hpp — releasing what the calling thread keeps between encoding calls.
//
// Each thread that encodes keeps, so that the next call is fast: piece caches for the last four
// encodings it used (about 1.1 MiB each, up to about 5.5 MiB; exact, an entry is used only when
// its whole key matches), scratch token vectors (each kept only while at most 1 MiB: one that
// grew past that for a call is freed after it), and, for custom patterns, PCRE2's match data and
// JIT stack (64 KiB, growing to at most 64 MiB of reserved address space). It is all freed when
// the thread exits. A long-lived thread that is done encoding (or a pool thread between jobs)
// can free it earlier with release_thread_caches().
#pragma once

#include <airtok/export.h>

namespace airtok {

/// Frees the calling thread's piece caches, scratch vectors and PCRE2 state. Safe to call at
/// any time on any thread, any number of times, with encodings in use on other threads: it
/// touches only the calling thread's state, changes no result (the caches are exact), and the
/// next call on this thread allocates what it needs again. Other threads' caches are theirs
/// to release. Does not touch the C API's last error message.
AIRTOK_API void release_thread_caches() noexcept;

}  // namespace airtok
