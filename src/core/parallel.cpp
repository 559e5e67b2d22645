// parallel.cpp — a small persistent pool: workers sleep on a condition variable and take
// indices from a shared atomic counter, so uneven items balance themselves.
#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace airtok::detail {

namespace {

class Pool {
 public:
  static Pool& instance() {
    static Pool pool;
    return pool;
  }
  unsigned size() const noexcept { return static_cast<unsigned>(workers_.size()); }
  void submit(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

 private:
  Pool() {
    const unsigned n = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i + 1 < n; ++i) workers_.emplace_back([this] { run(); });
  }
  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    ready_.notify_all();
    for (auto& w : workers_) w.join();
  }
  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
        if (stop_ && tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

struct Job {
  std::atomic<std::size_t> next{0};
  std::size_t n = 0;
  const std::function<void(std::size_t)>* body = nullptr;
  std::vector<std::exception_ptr> errors;
  std::mutex mutex;
  std::condition_variable done;
  std::size_t finished = 0;  // guarded by mutex

  // Waiting for indices rather than for helpers keeps nested calls from deadlocking: a helper
  // task that starts late finds no index left and returns without touching `body`.
  void work() {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        (*body)(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
      std::lock_guard lock(mutex);
      if (++finished == n) done.notify_all();
    }
  }
};

}  // namespace

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& body) {
  if (n == 0) return;
  Pool& pool = Pool::instance();
  if (threads == 0) threads = pool.size() + 1;
  const auto helpers = static_cast<unsigned>(
      std::min<std::size_t>({n - 1, std::size_t{threads} - 1, std::size_t{pool.size()}}));
  auto job = std::make_shared<Job>();
  job->n = n;
  job->body = &body;
  job->errors.resize(n);
  for (unsigned h = 0; h < helpers; ++h) pool.submit([job] { job->work(); });
  job->work();
  {
    std::unique_lock lock(job->mutex);
    job->done.wait(lock, [&] { return job->finished == n; });
  }
  for (auto& e : job->errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace airtok::detail
