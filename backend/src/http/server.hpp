// counterd's HTTP server: the acceptor, Pistache's reactor with one transport per thread, and
// the connection handlers, put together; started, drained and stopped as one.
#pragma once

#include <pistache/reactor.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "acceptor.hpp"
#include "server_context.hpp"
#include "server_transport.hpp"

namespace counterd::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int threads = 1;  // reactor threads
  FrameLimits limits;
  Timeouts timeouts;
  // File descriptors kept free beyond those open when the server starts (for the store's files
  // and connections). Connections that would eat into them are answered 503 and closed at once.
  int reserved_fds = 32;
};

struct DrainReport {
  bool complete = false;  // every request read was answered and written in time
  std::int64_t unanswered = 0;
  std::chrono::milliseconds took{0};
};

class Server {
 public:
  // Binds the address; throws std::runtime_error when it cannot (e.g. the port is taken).
  // `router` must outlive the server.
  Server(const ServerOptions& options, const Router& router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const { return acceptor_.port(); }
  const ServerContext& context() const { return *context_; }

  // Starts the reactors and accepting. Connections are limited to the open-file limit, less
  // what is open now and the reserve.
  void start();
  // A graceful stop, first half: stops accepting, closes idle connections, answers every
  // request already read (with `Connection: close`), and waits up to `deadline` until every
  // connection is closed.
  DrainReport drain(std::chrono::milliseconds deadline);
  // Stops the reactor threads.
  void stop();

 private:
  void hand_over(int fd, const sockaddr_storage& address);

  std::shared_ptr<ServerContext> context_;
  int reserved_fds_;
  std::int64_t max_connections_ = 0;  // set by start()
  Acceptor acceptor_;
  Pistache::Aio::Reactor reactor_;
  std::vector<std::shared_ptr<ServerTransport>> transports_;
  std::size_t next_transport_ = 0;
  int next_fd_ = 0;  // see hand_over()
  bool crowded_ = false;
  bool running_ = false;
};

}  // namespace counterd::http
