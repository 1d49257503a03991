// Pistache's TCP transport for one reactor thread, with what counterd adds to it: a mailbox
// through which other threads hand answers to this reactor, and a tick that enforces the
// connections' timeouts (Pistache's own Http::Endpoint timeouts answer 408 without a body and
// are not used).
#pragma once

#include <pistache/transport.h>

#include <memory>

#include "connection_handler.hpp"
#include "mailbox.hpp"

namespace counterd::http {

class ServerTransport final : public Pistache::Tcp::Transport {
 public:
  explicit ServerTransport(std::shared_ptr<ConnectionHandler> handler);
  ~ServerTransport() override;

  std::shared_ptr<Pistache::Aio::Handler> clone() const override;
  void registerPoller(Pistache::Polling::Epoll& poller) override;
  void onReady(const Pistache::Aio::FdSet& fds) override;

  // Any thread: runs `task` on this transport's reactor thread.
  void post(std::function<void()> task) { mailbox_->post(std::move(task)); }
  // Stops taking tasks (the server is stopping).
  void close_mailbox() { mailbox_->close(); }

  // This reactor: applies the connections' timeouts now (also while draining).
  void tick() { handler_->on_tick(); }

  // This reactor: closes a connection at once (its queued writes are dropped).
  void close(const std::shared_ptr<Pistache::Tcp::Peer>& peer) { removePeer(peer); }

 private:
  std::shared_ptr<ConnectionHandler> handler_;
  std::shared_ptr<Mailbox> mailbox_;
  int tick_fd_ = -1;
};

}  // namespace counterd::http
