#include "acceptor.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace counterd::http {

namespace {

constexpr int kBacklog = 1024;
constexpr int kBackoffMs = 100;  // while the process is out of file descriptors

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

Acceptor::Acceptor(const std::string& host, std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1)
    throw std::runtime_error("'" + host + "' is not an IPv4 address");
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw system_error("socket");
  const int one = 1;
  // Without SO_REUSEADDR a restart within a minute fails while old connections are in TIME_WAIT.
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ::setsockopt(listen_fd_, IPPROTO_TCP, TCP_NODELAY, &one,
               sizeof one);  // inherited by accepted sockets
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, kBacklog) != 0) {
    const auto error = system_error("bind");
    ::close(listen_fd_);
    throw error;
  }
  socklen_t length = sizeof address;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) {
    ::close(listen_fd_);
    throw system_error("eventfd");
  }
}

Acceptor::~Acceptor() {
  stop();
  ::close(stop_fd_);
}

void Acceptor::start(OnAccept on_accept) {
  on_accept_ = std::move(on_accept);
  thread_ = std::thread([this] { run(); });
}

void Acceptor::stop() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(stop_fd_, &one, sizeof one);
    thread_.join();
  }
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
}

void Acceptor::run() {
  bool starved = false;  // out of file descriptors: said once, until accepting works again
  for (;;) {
    pollfd fds[2] = {{stop_fd_, POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    const int polled = ::poll(fds, starved ? 1 : 2, starved ? kBackoffMs : -1);
    if (polled < 0 && errno != EINTR) throw system_error("poll");
    if (fds[0].revents) return;
    for (;;) {
      sockaddr_storage address{};
      socklen_t length = sizeof address;
      const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length,
                               SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd >= 0) {
        if (starved) std::fprintf(stderr, "counterd: accepting connections again\n");
        starved = false;
        on_accept_(fd, address);
        continue;
      }
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (!starved)
          std::fprintf(stderr,
                       "counterd: out of file descriptors (%s): new connections wait until some "
                       "close\n",
                       std::strerror(errno));
        starved = true;
      }
      break;  // EAGAIN: nothing more to accept; ECONNABORTED and the like: the client left
    }
  }
}

}  // namespace counterd::http
