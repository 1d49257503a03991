// The listening socket and the thread that accepts connections on it.
//
// Replaces Pistache's Tcp::Listener for two reasons. Out of file descriptors, the Listener
// retries accept() at once, forever, spinning a core: here the acceptor logs once and backs
// off. And a graceful stop must stop accepting while the reactors go on answering, which the
// Listener cannot do (its shutdown stops both): here stop() closes the listening socket alone.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace counterd::http {

class Acceptor {
 public:
  // Called on the accept thread with each new connection (non-blocking, close-on-exec).
  using OnAccept = std::function<void(int fd, const sockaddr_storage& address)>;

  // Binds host:port (0: any free port) and listens. Throws std::runtime_error with the reason
  // when the address cannot be used (e.g. the port is taken).
  Acceptor(const std::string& host, std::uint16_t port);
  ~Acceptor();
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  std::uint16_t port() const { return port_; }

  void start(OnAccept on_accept);
  // Stops accepting and closes the listening socket: from now on, connecting is refused.
  void stop();

 private:
  void run();

  int listen_fd_ = -1;
  int stop_fd_ = -1;
  std::uint16_t port_ = 0;
  OnAccept on_accept_;
  std::thread thread_;
};

}  // namespace counterd::http
