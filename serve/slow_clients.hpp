// slow_clients.hpp — a deadline for a request's headers, against slow or stalled clients
// ("slowloris"). cpp-httplib's read timeout applies to each read, so a client that sends its
// headers a byte at a time, each within the timeout, would hold a connection thread forever.
// This guard gives every connection a deadline for the time it spends outside a request (from
// its start, or from the end of its last request, to the end of the next request's headers)
// and shuts down the socket of one that passes it; cpp-httplib then sees the read fail and
// closes the connection. A request's body is paced where it is read (server.cpp's BodyPace);
// its handling is not limited.
//
// httplib hands the guard no socket, so it finds the service's connections itself: every
// 250 ms it lists the process's sockets (/proc/self/fd) whose local port is the service's and
// which have a peer, and matches them by the peer's address and port with what the request
// hooks reported (headers read: in a request; response written: waiting again). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace airtok::serve {

class SlowClientGuard {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts the watching thread for connections to local port `port`; `limit` is the longest
  /// a connection may spend waiting for and reading a request's headers.
  SlowClientGuard(int port, Clock::duration limit);
  /// Stops the watching thread.
  ~SlowClientGuard();
  SlowClientGuard(const SlowClientGuard&) = delete;
  SlowClientGuard& operator=(const SlowClientGuard&) = delete;

  /// The connection from `address`:`port` has sent a request's headers.
  void headers_read(const std::string& address, int port);
  /// The connection from `address`:`port` has been answered and waits for its next request.
  void answered(const std::string& address, int port);

 private:
  struct Peer {
    bool in_request = false;
    Clock::time_point since;
  };
  struct Connection {
    std::string peer;
    Clock::time_point seen;  // when the guard first saw it
  };

  void watch();
  void check(Clock::time_point now);

  const int port_;
  const Clock::duration limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, Peer> peers_;            // by "address port", from the request hooks
  std::map<unsigned long, Connection> sockets_;  // by socket inode, from the scans
  std::thread thread_;
};

}  // namespace airtok::serve
