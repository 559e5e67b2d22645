// thread_caches.cpp — release_thread_caches(): the core's per-thread state and the PCRE2
// pre-tokenizer's (see core/thread_state.hpp for what each holds).
#include "core/thread_state.hpp"

#include <airtok/thread_caches.hpp>

namespace airtok {

void release_thread_caches() noexcept {
  detail::ThreadState::current().release();
  detail::release_pcre2_thread_state();
}

}  // namespace airtok
