// A thread that takes whatever has been queued since it last looked and handles it as one
// batch: the service's reads of a shared store (one read answers every caller that arrived
// meanwhile) and its history queries. Destroying it handles what is still queued first.
#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "threads/stoppable_thread.hpp"

namespace counterd {

template <class Item>
class BatchWorker {
 public:
  using Handle = std::function<void(std::vector<Item>& batch)>;

  explicit BatchWorker(Handle handle) : handle_(std::move(handle)), thread_([this] { run(); }) {}

  void push(Item item) {
    bool first = false;
    {
      std::lock_guard lock(thread_.mutex());
      queue_.push_back(std::move(item));
      first = queue_.size() == 1;  // otherwise the thread has been woken already
    }
    if (first) thread_.wake();
  }

 private:
  void run() {
    std::unique_lock lock(thread_.mutex());
    std::vector<Item> batch;
    for (;;) {
      thread_.wait(lock, [&] { return !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is handled
      batch.swap(queue_);
      lock.unlock();
      handle_(batch);
      batch.clear();
      lock.lock();
    }
  }

  const Handle handle_;
  std::vector<Item> queue_;
  StoppableThread thread_;  // last: started once everything it uses is there
};

}  // namespace counterd
