#include "counter_service.hpp"

#include <chrono>
#include <cstdio>

namespace counterd {

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Failure failure_for(counter::Rejection rejection) {
  switch (rejection) {
    case counter::Rejection::sold_out:
      return Failure::sold_out;
    case counter::Rejection::out_of_range:
      return Failure::out_of_range;
    case counter::Rejection::version_exhausted:
      return Failure::version_exhausted;
  }
  return Failure::out_of_range;
}

}  // namespace

CounterService::CounterService(Store& store, std::int64_t initial_stock)
    : store_(store),
      initial_(initial_stock),
      pending_(store.load(initial_stock)),
      durable_(pending_),
      writer_([this] { write_loop(); }) {}

CounterService::~CounterService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  writer_.join();
}

counter::Stock CounterService::current() const {
  std::lock_guard lock(mutex_);
  return durable_;
}

Outcome CounterService::decrement() {
  std::unique_lock lock(mutex_);
  return submit(counter::decrement(pending_), lock);
}

Outcome CounterService::reset(std::optional<std::int64_t> target) {
  std::unique_lock lock(mutex_);
  return submit(counter::reset(pending_, target.value_or(initial_)), lock);
}

// Called with `lock` held: queues an accepted change behind all earlier ones, then waits
// (without the lock) until the writer has recorded it or given up.
Outcome CounterService::submit(const counter::ChangeOutcome& outcome,
                               std::unique_lock<std::mutex>& lock) {
  if (const auto* rejection = std::get_if<counter::Rejection>(&outcome))
    return failure_for(*rejection);
  const auto& change = std::get<counter::Change>(outcome);
  pending_ = change.result;
  std::future<bool> durable =
      queue_.emplace_back(Pending{{now_ms(), change}, {}}).durable.get_future();
  lock.unlock();
  wake_writer_.notify_one();
  if (!durable.get()) return Failure::store_failed;
  return change.result;
}

void CounterService::write_loop() {
  std::unique_lock lock(mutex_);
  std::vector<Pending> batch;
  std::vector<counter::RecordedChange> changes;
  for (;;) {
    wake_writer_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and everything queued is recorded
    batch.swap(queue_);
    lock.unlock();

    changes.clear();
    for (const auto& p : batch) changes.push_back(p.change);
    bool recorded = true;
    try {
      store_.append(changes);
    } catch (const StoreError& e) {
      recorded = false;
      std::fprintf(stderr, "counterd: %zu change(s) refused, not recorded: %s\n", changes.size(),
                   e.what());
    }

    lock.lock();
    last_commit_failed_ = !recorded;
    if (recorded) {
      durable_ = changes.back().change.result;
      ++stats_.commits;
      stats_.changes += changes.size();
    } else {
      // Changes queued meanwhile were computed from states that now never existed: refuse them
      // too, and carry on from the last recorded state.
      for (auto& p : queue_) batch.push_back(std::move(p));
      queue_.clear();
      pending_ = durable_;
    }
    for (auto& p : batch) p.durable.set_value(recorded);
    batch.clear();
  }
}

std::vector<counter::RecordedChange> CounterService::history(std::int64_t from_ms,
                                                             std::int64_t to_ms,
                                                             std::size_t limit) {
  return store_.history(from_ms, to_ms, limit);
}

bool CounterService::ready() const {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || last_commit_failed_) return false;
  }
  return store_.writable();
}

CommitStats CounterService::stats() const {
  std::lock_guard lock(mutex_);
  CommitStats stats = stats_;
  stats.queued = queue_.size();
  return stats;
}

}  // namespace counterd
