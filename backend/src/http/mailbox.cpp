#include "mailbox.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace counterd::http {

Mailbox::Mailbox() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
}

Mailbox::~Mailbox() {
  ::close(fd_);
}

void Mailbox::post(std::function<void()> task) {
  bool was_empty = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    was_empty = tasks_.empty();
    tasks_.push_back(std::move(task));
  }
  if (was_empty) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(fd_, &one, sizeof one);
  }
}

void Mailbox::bind(Pistache::Polling::Epoll& poller) {
  poller.addFd(fd_, Pistache::Flags<Pistache::Polling::NotifyOn>(Pistache::Polling::NotifyOn::Read),
               Pistache::Polling::Tag(static_cast<std::uint64_t>(fd_)));
}

void Mailbox::run_posted() {
  // Read the wake-up first, then take the tasks: a post in between wakes us again.
  std::uint64_t count = 0;
  [[maybe_unused]] const auto n = ::read(fd_, &count, sizeof count);
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(tasks_);
  }
  for (auto& task : batch) task();
}

void Mailbox::close() {
  std::vector<std::function<void()>> dropped;
  std::lock_guard lock(mutex_);
  closed_ = true;
  dropped.swap(tasks_);
}

}  // namespace counterd::http
