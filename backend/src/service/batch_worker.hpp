// A thread that takes whatever has been queued since it last looked and handles it as one
// batch: the service's reads of a shared store (one read answers every caller that arrived
// meanwhile) and its history queries. Destroying it handles what is still queued first.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace counterd {

template <class Item>
class BatchWorker {
 public:
  using Handle = std::function<void(std::vector<Item>& batch)>;

  explicit BatchWorker(Handle handle) : handle_(std::move(handle)), thread_([this] { run(); }) {}
  ~BatchWorker() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  BatchWorker(const BatchWorker&) = delete;
  BatchWorker& operator=(const BatchWorker&) = delete;

  void push(Item item) {
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(item));
      first = queue_.size() == 1;  // otherwise the thread has been woken already
    }
    if (first) wake_.notify_one();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    std::vector<Item> batch;
    for (;;) {
      wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything queued is handled
      batch.swap(queue_);
      lock.unlock();
      handle_(batch);
      batch.clear();
      lock.lock();
    }
  }

  const Handle handle_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Item> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything it uses is there
};

}  // namespace counterd
