#include "server.hpp"

#include <fcntl.h>
#include <pistache/peer.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace counterd::http {

namespace {

constexpr int kFirstRotatedFd = 64;

int fd_limit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20));
}

}  // namespace

Server::Server(const ServerOptions& options, const Router& router)
    : context_(std::make_shared<ServerContext>(router, options.limits, options.timeouts)),
      reserved_fds_(options.reserved_fds),
      acceptor_(options.host, options.port),
      next_fd_(kFirstRotatedFd) {
  reactor_.init(
      Pistache::Aio::AsyncContext(static_cast<std::size_t>(options.threads), "counterd-http"));
  const auto key = reactor_.addHandler(
      std::make_shared<ServerTransport>(std::make_shared<ConnectionHandler>(context_)));
  for (const auto& handler : reactor_.handlers(key))
    transports_.push_back(std::static_pointer_cast<ServerTransport>(handler));
}

Server::~Server() {
  stop();
}

void Server::start() {
  reactor_.run();
  running_ = true;
  std::int64_t open = 0;
  for ([[maybe_unused]] const auto& fd : std::filesystem::directory_iterator("/proc/self/fd"))
    ++open;
  max_connections_ = std::max<std::int64_t>(1, fd_limit() - open - reserved_fds_);
  acceptor_.start([this](int fd, const sockaddr_storage& address) { hand_over(fd, address); });
}

// On the accept thread.
void Server::hand_over(int fd, const sockaddr_storage& address) {
  if (context_->connections >= max_connections_) {
    if (!crowded_)
      std::fprintf(stderr, "counterd: %lld connections open, the limit: refusing more with 503\n",
                   static_cast<long long>(max_connections_));
    crowded_ = true;
    static const std::string refusal = serialize(
        problem_reply(counter::ProblemKind::unavailable, "too many connections; try again shortly"),
        false, false, true);
    [[maybe_unused]] const auto n = ::send(fd, refusal.data(), refusal.size(), MSG_NOSIGNAL);
    ::close(fd);
    return;
  }
  crowded_ = false;
  // Pistache's transport files queued writes under the socket's number. A connection that
  // closes while its answer is queued frees that number; were the next connection to reuse it
  // at once, it could receive the stale answer. New connections therefore get numbers that
  // rotate through the whole range before any comes back.
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, next_fd_);
  if (moved >= 0) {
    ::close(fd);
    fd = moved;
  }
  next_fd_ = (moved >= 0 && moved + 1 < fd_limit()) ? moved + 1 : kFirstRotatedFd;
  ++context_->connections;
  // The peer is made and handed over on its reactor's thread, through our mailbox: Pistache's
  // own peer queue lives in its uninstrumented library, so ThreadSanitizer cannot see that it
  // orders the peer's creation before its use. The acceptor stops before the mailboxes close,
  // so no connection is dropped with the box.
  auto transport = transports_[next_transport_++ % transports_.size()];
  transport->post([transport, fd, address] {
    auto peer = Pistache::Tcp::Peer::Create(
        fd, Pistache::Address::fromUnix(
                reinterpret_cast<sockaddr*>(const_cast<sockaddr_storage*>(&address))));
    transport->handleNewPeer(peer);
  });
}

DrainReport Server::drain(std::chrono::milliseconds deadline) {
  const auto start = std::chrono::steady_clock::now();
  acceptor_.stop();
  context_->draining = true;
  for (auto& transport : transports_) transport->post([transport] { transport->tick(); });
  DrainReport report;
  for (;;) {
    report.took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    report.unanswered = context_->in_flight;
    report.complete =
        report.unanswered == 0 && context_->unflushed == 0 && context_->connections == 0;
    if (report.complete || report.took >= deadline) return report;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void Server::stop() {
  acceptor_.stop();
  if (!running_) return;
  running_ = false;
  for (auto& transport : transports_) transport->close_mailbox();
  reactor_.shutdown();
}

}  // namespace counterd::http
