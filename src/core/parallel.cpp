// parallel.cpp — a small persistent pool: workers sleep on a condition variable and take
// indices from a shared atomic counter, so uneven items balance themselves.
//
// fork() copies only the calling thread, so a child has the parent's pool object but none of its
// threads, and the pool's lock or condition variable may be mid-use by a thread it lacks. Joining
// those threads (or destroying that condition variable) at the child's exit would wait forever.
// So the pool belongs to the process that made it: a pthread_atfork handler drops the child's
// pointer to it (the object is left alone, never used or destroyed there), and the child's
// first batch call makes a pool of its own, which its exit joins as usual.
#include "core/parallel.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace airtok::detail {

namespace {

class Pool {
 public:
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
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  unsigned size() const noexcept { return static_cast<unsigned>(workers_.size()); }
  void submit(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

 private:
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

/// The process's pool (made on first use) and the lock that guards the pointer to it.
struct PoolOwner {
  PoolOwner();
  std::mutex mutex;
  std::unique_ptr<Pool> pool;  // deleted at exit, joining its threads, in the process that made it
};

PoolOwner& pool_owner() {
  static PoolOwner owner;
  return owner;
}

// The lock is held across fork(), so the child never finds it taken by a thread it lacks.
void before_fork() { pool_owner().mutex.lock(); }
void after_fork_in_parent() { pool_owner().mutex.unlock(); }
void after_fork_in_child() {
  (void)pool_owner().pool.release();  // the parent's pool, whose threads are not in this process
  pool_owner().mutex.unlock();
}

PoolOwner::PoolOwner() {
  // It fails only for want of memory; the static is then made again by the next call.
  if (pthread_atfork(&before_fork, &after_fork_in_parent, &after_fork_in_child) != 0) {
    throw std::bad_alloc();
  }
}

Pool& process_pool() {
  PoolOwner& owner = pool_owner();
  std::lock_guard lock(owner.mutex);
  if (!owner.pool) owner.pool = std::make_unique<Pool>();
  return *owner.pool;
}

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
  Pool& pool = process_pool();
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
