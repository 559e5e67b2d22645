// slow_clients.cpp — see slow_clients.hpp.
#include "slow_clients.hpp"

#include <dirent.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <vector>

namespace airtok::serve {
namespace {

constexpr auto kScanInterval = std::chrono::milliseconds(250);

std::string peer_key(const std::string& address, int port) {
  return address + " " + std::to_string(port);
}

// The numeric host and the port of a socket address, as cpp-httplib writes a request's
// remote_addr and remote_port (getnameinfo with NI_NUMERICHOST).
bool host_and_port(const sockaddr_storage& addr, socklen_t length, std::string& host, int& port) {
  char name[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), length, name, sizeof name, nullptr, 0,
                  NI_NUMERICHOST) != 0) {
    return false;
  }
  host = name;
  if (addr.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  } else if (addr.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  } else {
    return false;
  }
  return true;
}

struct Socket {
  int fd;
  unsigned long inode;
  std::string peer;
};

// The process's connected TCP sockets on local port `port`.
std::vector<Socket> service_sockets(int port) {
  std::vector<Socket> found;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return found;
  const int own = dirfd(dir);
  while (const dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == own) continue;
    struct stat info {};
    if (fstat(static_cast<int>(fd), &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
    sockaddr_storage local{}, remote{};
    socklen_t local_length = sizeof local, remote_length = sizeof remote;
    std::string host;
    int local_port = 0, remote_port = 0;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &local_length) !=
            0 ||
        !host_and_port(local, local_length, host, local_port) || local_port != port) {
      continue;
    }
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&remote),
                    &remote_length) != 0 ||  // the listening socket has no peer
        !host_and_port(remote, remote_length, host, remote_port)) {
      continue;
    }
    found.push_back({static_cast<int>(fd), static_cast<unsigned long>(info.st_ino),
                     peer_key(host, remote_port)});
  }
  closedir(dir);
  return found;
}

}  // namespace

SlowClientGuard::SlowClientGuard(int port, Clock::duration limit)
    : port_(port), limit_(limit), thread_([this] { watch(); }) {}

SlowClientGuard::~SlowClientGuard() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SlowClientGuard::headers_read(const std::string& address, int port) {
  const std::lock_guard lock(mutex_);
  peers_[peer_key(address, port)] = {true, Clock::now()};
}

void SlowClientGuard::answered(const std::string& address, int port) {
  const std::lock_guard lock(mutex_);
  peers_[peer_key(address, port)] = {false, Clock::now()};
}

void SlowClientGuard::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kScanInterval);
    if (stopping_) break;
    lock.unlock();
    check(Clock::now());
    lock.lock();
  }
}

void SlowClientGuard::check(Clock::time_point now) {
  const std::vector<Socket> sockets = service_sockets(port_);
  std::vector<Socket> late;
  {
    const std::lock_guard lock(mutex_);
    std::map<unsigned long, Connection> current;
    std::set<std::string> peers;
    for (const Socket& s : sockets) {
      auto known = sockets_.find(s.inode);
      const Connection c = known != sockets_.end() && known->second.peer == s.peer
                               ? known->second
                               : Connection{s.peer, now};
      current[s.inode] = c;
      peers.insert(s.peer);
      // A peer's address and port name one open connection at a time.
      auto peer = peers_.find(s.peer);
      const bool reported = peer != peers_.end();
      if (reported && peer->second.in_request) continue;
      const Clock::time_point since = reported ? peer->second.since : c.seen;
      if (now - since > limit_) late.push_back(s);
    }
    sockets_ = std::move(current);
    // Forget connections that have gone, but not one reported since this scan began (it may
    // have been accepted after the sockets were listed).
    for (auto it = peers_.begin(); it != peers_.end();) {
      const bool keep = peers.count(it->first) != 0 || it->second.since >= now;
      it = keep ? std::next(it) : peers_.erase(it);
    }
  }
  for (const Socket& s : late) {
    // The same socket still (not closed and its number reused since the scan): then cut it.
    struct stat info {};
    if (fstat(s.fd, &info) == 0 && static_cast<unsigned long>(info.st_ino) == s.inode) {
      shutdown(s.fd, SHUT_RDWR);
    }
  }
}

}  // namespace airtok::serve
