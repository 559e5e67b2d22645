// progress.cpp — see progress.hpp. The line is written with one write(2) so that it never
// interleaves with error messages mid-line; it starts with '\r' and ends with "erase to the end
// of the line" (ESC [ K), which every terminal `airtok` is likely to meet understands.
#include "progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace airtok::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kProgressDelay{500};
constexpr std::chrono::milliseconds kProgressInterval{100};

void write_stderr(const std::string& text) {
  if (write(STDERR_FILENO, text.data(), text.size()) < 0) {
    // Nothing to do: the progress line is decoration.
  }
}

std::string megabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
  return text;
}

std::string line(std::uint64_t done, std::uint64_t total, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  char speed[32];
  std::snprintf(speed, sizeof speed, "%.1f MB/s", rate / 1e6);
  std::string text = "\rairtok: " + megabytes(static_cast<double>(done));
  if (total > 0 && done <= total) {
    const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    text += " of " + megabytes(static_cast<double>(total)) + " (" +
            std::to_string(done * 100 / total) + "%), " + speed + ", " +
            std::to_string(static_cast<long long>(left + 0.5)) + " s left";
  } else {
    text += ", " + std::string(speed);
  }
  return text + "\x1b[K";
}

}  // namespace

Progress::Progress(std::uint64_t total_bytes) : total_(total_bytes) {
  if (isatty(STDERR_FILENO)) {
    thread_ = std::jthread([this](std::stop_token stop) { draw_until_stopped(stop); });
  }
}

Progress::~Progress() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void Progress::draw_until_stopped(std::stop_token stop) {
  const Clock::time_point start = Clock::now();
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, stop, kProgressDelay, [] { return false; });
  if (stop.stop_requested()) return;  // a short run: nothing drawn
  while (!stop.stop_requested()) {
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    write_stderr(line(done_.load(std::memory_order_relaxed), total_, seconds));
    wake_.wait_for(lock, stop, kProgressInterval, [] { return false; });
  }
  write_stderr("\r\x1b[K");
}

}  // namespace airtok::cli
