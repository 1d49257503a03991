// A thread that runs until it is asked to stop, with the lock and the wake-up it shares with
// whoever feeds it: the owner keeps its shared state under mutex(), and every wait ends early
// once the thread is stopping. stop() (the destructor too) asks, wakes and joins; an owner whose
// destructor has more to do after the thread is gone calls it first.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace counterd {

class StoppableThread {
 public:
  // Starts `body` at once: the owner declares this member last, after what `body` uses.
  explicit StoppableThread(std::function<void()> body) : thread_(std::move(body)) {}
  ~StoppableThread() { stop(); }
  StoppableThread(const StoppableThread&) = delete;
  StoppableThread& operator=(const StoppableThread&) = delete;

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  std::mutex& mutex() const { return mutex_; }
  // Something `ready` waits for has changed (call without holding mutex()).
  void wake() { wake_.notify_one(); }
  // Holding `lock` on mutex(): waits until `ready()` or a stop; false when stopping.
  template <class Ready>
  bool wait(std::unique_lock<std::mutex>& lock, Ready ready) {
    wake_.wait(lock, [&] { return stopping_ || ready(); });
    return !stopping_;
  }
  // The same, giving up after `time`.
  template <class Ready>
  bool wait_for(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds time, Ready ready) {
    wake_.wait_for(lock, time, [&] { return stopping_ || ready(); });
    return !stopping_;
  }
  // Holding `lock` on mutex(): waits `time`, unless a stop comes first; false when stopping.
  bool pause(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds time) {
    return wait_for(lock, time, [] { return false; });
  }
  bool stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is there
};

}  // namespace counterd
