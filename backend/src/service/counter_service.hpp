// The counter as a service: applies the shared rules in one order, records every accepted change
// in the store, and answers only once the change is durable.
//
// Group commit: callers queue changes under one mutex; a single writer thread takes everything
// queued so far and records it with one Store::append (one fsync). While it syncs, new changes
// queue up behind it, so under load one sync covers many changes.
//
// Readers see only durable states: a state that could still be lost in a crash is never shown.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>
#include <vector>

#include "counter/stock.hpp"
#include "store/store.hpp"

namespace counterd {

enum class Failure {
  sold_out,           // decrement at zero
  out_of_range,       // reset target outside [0, kMaxStock]
  version_exhausted,  // 2^53 changes recorded
  store_failed,       // the store did not record the change; nothing changed
};

using Outcome = std::variant<counter::Stock, Failure>;

struct CommitStats {
  std::uint64_t commits = 0;  // store appends, i.e. syncs
  std::uint64_t changes = 0;  // changes recorded by them
  std::size_t queued = 0;     // changes waiting for the next commit
};

class CounterService {
 public:
  // Loads the stock from `store` (which must outlive the service) and starts the writer.
  CounterService(Store& store, std::int64_t initial_stock);
  // Records whatever is still queued, then stops the writer.
  ~CounterService();
  CounterService(const CounterService&) = delete;
  CounterService& operator=(const CounterService&) = delete;

  counter::Stock current() const;
  std::int64_t initial_stock() const { return initial_; }
  const std::string& store_id() const { return store_.id(); }

  Outcome decrement();
  // Restocks to `target`, or to the initial stock when none is given.
  Outcome reset(std::optional<std::int64_t> target);

  std::vector<counter::RecordedChange> history(std::int64_t from_ms, std::int64_t to_ms,
                                               std::size_t limit);
  bool ready() const;
  CommitStats stats() const;

 private:
  struct Pending {
    counter::RecordedChange change;
    std::promise<bool> durable;
  };

  Outcome submit(const counter::ChangeOutcome& outcome, std::unique_lock<std::mutex>& lock);
  void write_loop();

  Store& store_;
  const std::int64_t initial_;

  mutable std::mutex mutex_;
  counter::Stock pending_;  // after every accepted change, recorded or queued
  counter::Stock durable_;  // after the last recorded change
  std::vector<Pending> queue_;
  CommitStats stats_;
  bool stopping_ = false;
  bool last_commit_failed_ = false;
  std::condition_variable wake_writer_;
  std::thread writer_;
};

}  // namespace counterd
