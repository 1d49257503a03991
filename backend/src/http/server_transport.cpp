#include "server_transport.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace counterd::http {

namespace {

constexpr long kTickNanoseconds = 250'000'000;  // timeouts are checked four times a second

}  // namespace

ServerTransport::ServerTransport(std::shared_ptr<ConnectionHandler> handler)
    : Transport(handler), handler_(std::move(handler)), mailbox_(std::make_shared<Mailbox>()) {
  handler_->attach(this, mailbox_);
}

ServerTransport::~ServerTransport() {
  if (tick_fd_ >= 0) ::close(tick_fd_);
}

std::shared_ptr<Pistache::Aio::Handler> ServerTransport::clone() const {
  return std::make_shared<ServerTransport>(
      std::static_pointer_cast<ConnectionHandler>(handler_->clone()));
}

void ServerTransport::registerPoller(Pistache::Polling::Epoll& poller) {
  Transport::registerPoller(poller);
  mailbox_->bind(poller);
  tick_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (tick_fd_ < 0) throw std::runtime_error(std::string("timerfd: ") + std::strerror(errno));
  itimerspec every{{0, kTickNanoseconds}, {0, kTickNanoseconds}};
  ::timerfd_settime(tick_fd_, 0, &every, nullptr);
  poller.addFd(tick_fd_,
               Pistache::Flags<Pistache::Polling::NotifyOn>(Pistache::Polling::NotifyOn::Read),
               Pistache::Polling::Tag(static_cast<std::uint64_t>(tick_fd_)));
}

void ServerTransport::onReady(const Pistache::Aio::FdSet& fds) {
  // The base class handles peers, writes and timers, and passes over tags it does not know.
  Transport::onReady(fds);
  for (const auto& entry : fds) {
    if (mailbox_->is(entry.getTag())) {
      mailbox_->run_posted();
    } else if (entry.getTag().value() == static_cast<std::uint64_t>(tick_fd_)) {
      std::uint64_t expirations = 0;
      [[maybe_unused]] const auto n = ::read(tick_fd_, &expirations, sizeof expirations);
      handler_->on_tick();
    }
  }
}

}  // namespace counterd::http
