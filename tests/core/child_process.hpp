// child_process.hpp — running a piece of a test in a forked child, for what cannot be tested in
// the test's own process: how a forked process behaves, and what happens when memory runs out.
//
// The child's address space can be capped (setrlimit RLIMIT_AS) at its size when it starts plus
// some room, so that a huge allocation fails at once (std::bad_alloc) instead of swapping the
// machine, and a test can tell a bounded error from an allocation sized by the input. The
// parent waits with a timeout, so a hang fails the test instead of stopping the suite.
#pragma once

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

namespace airtok::test {

/// Exit codes run_in_child gives besides the body's own.
inline constexpr int kChildHung = -1;     // still running at the timeout (then killed)
inline constexpr int kChildCrashed = -2;  // ended by a signal
inline constexpr int kChildThrew = 120;   // the body threw (std::bad_alloc included)

/// The process's address-space size (VmSize), in bytes; 0 if unknown.
inline std::size_t address_space_bytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmSize:", 0) == 0) return std::stoull(line.substr(7)) * 1024;
  }
  return 0;
}

/// Runs `body` in a forked child and returns its exit code: what `body` returned, or one of the
/// codes above. With `room` > 0 the child's address space may grow by at most that many bytes.
/// With `normal_exit` the child ends with std::exit (static destructors run), else with _exit.
inline int run_in_child(const std::function<int()>& body, std::size_t room = 0,
                        bool normal_exit = false,
                        std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const pid_t pid = fork();
  if (pid < 0) return kChildCrashed;
  if (pid == 0) {
    if (room > 0) {
      const rlim_t limit = address_space_bytes() + room;
      const rlimit cap{limit, limit};
      if (setrlimit(RLIMIT_AS, &cap) != 0) _exit(121);
    }
    int code = kChildThrew;
    try {
      code = body();
    } catch (...) {
    }
    if (normal_exit) std::exit(code);
    _exit(code);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return kChildHung;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : kChildCrashed;
}

}  // namespace airtok::test
