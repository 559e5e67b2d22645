// progress.hpp — the progress line `airtok count` draws on standard error during long runs:
// bytes done, MB/s and, when the total is known, percent and time left. Drawn only when standard
// error is a terminal (never into pipes or files) and once the work has taken kProgressDelay,
// redrawn every kProgressInterval by a thread of its own, and erased when the work ends.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace airtok::cli {

class Progress {
 public:
  /// `total_bytes` is 0 when unknown (standard input). Starts the drawing thread when standard
  /// error is a terminal.
  explicit Progress(std::uint64_t total_bytes);
  /// Stops drawing and erases the line.
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Records `bytes` more done; thread-safe and cheap (one relaxed atomic add).
  void add(std::uint64_t bytes) noexcept { done_.fetch_add(bytes, std::memory_order_relaxed); }

 private:
  void draw_until_stopped(std::stop_token stop);

  std::atomic<std::uint64_t> done_{0};
  std::uint64_t total_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: started after the members it uses exist
};

}  // namespace airtok::cli
