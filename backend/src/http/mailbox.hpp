// Work handed to one reactor thread from any other thread: tasks run on that reactor, in the
// order they were posted. An eventfd in the reactor's epoll set wakes it, once per batch: a
// post writes to it only when the box was empty.
#pragma once

#include <pistache/os.h>

#include <functional>
#include <mutex>
#include <vector>

namespace counterd::http {

class Mailbox {
 public:
  Mailbox();
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  // Any thread. Dropped once the box is closed (the server has stopped).
  void post(std::function<void()> task);

  // The reactor thread: registers the eventfd, and tells its events from others.
  void bind(Pistache::Polling::Epoll& poller);
  bool is(Pistache::Polling::Tag tag) const {
    return tag.value() == static_cast<std::uint64_t>(fd_);
  }

  // The reactor thread: runs everything posted so far.
  void run_posted();

  void close();

 private:
  int fd_;
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
  bool closed_ = false;
};

}  // namespace counterd::http
