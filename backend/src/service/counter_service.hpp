// The counter as a service: applies the shared rules in one order inside store transactions,
// and answers each change only once it is durable.
//
// Group commit without parking anyone: submit() queues a command with the function that
// answers it and returns at once. A single writer thread takes everything queued so far, applies
// the rules to it in one store transaction (one fsync), and then calls each command's
// completion with the stock it produced or the reason it was refused. While it syncs, new
// commands queue up behind it, so under load one sync covers many changes — as many as arrive,
// not as many as there are threads to wait.
//
// Readers see only durable states: a state that could still be lost in a crash is never shown.
// With a shared store (replicas) every read asks the store; reads are batched like writes.
//
// Exactly once: a command may carry an idempotency key. Its answer is kept under the key in
// the same transaction as its change; a repeat of the request gets that answer again and
// changes nothing, and a repeat while the first is still queued is refused at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <variant>
#include <vector>

#include "counter/stock.hpp"
#include "store/store.hpp"
#include "threads/batch_worker.hpp"

namespace counterd {

enum class Failure {
  sold_out,           // decrement at zero
  out_of_range,       // reset target outside [0, kMaxStock]
  version_exhausted,  // 2^53 changes recorded
  store_failed,       // the store did not record the change; nothing changed
  outcome_unknown,    // the store's connection broke while it committed: maybe recorded
  key_in_use,         // the same idempotency key is queued already
  key_reused,         // the idempotency key was used for a different request
};

// The failure a rule's refusal is.
Failure failure_for(counter::Rejection rejection);

// What an earlier request with the same idempotency key came to (answered as it was then).
struct Replayed {
  KeptOutcome outcome;
};

// An undo the rules refused: the sale it names is not recorded (under that key, as a sale), a
// return undid it already (`earlier`), or it is older than the undo window.
struct UndoRefused {
  enum class Why { no_sale, already_undone, too_late } why;
  std::optional<counter::RecordedChange> sale;     // when there is one
  std::optional<counter::RecordedChange> earlier;  // already_undone: the return that undid it
};

using Outcome = std::variant<counter::Stock, Failure, Replayed, UndoRefused>;

struct Idempotency {
  std::string key;
  std::string fingerprint;  // the request it names; a repeat must match
};

struct Command {
  enum class Kind { sell, reset, give_back };
  Kind kind = Kind::sell;
  std::optional<std::int64_t> target;  // reset: the new stock; none: the initial stock
  std::optional<Idempotency> idempotency;
  std::string till = {};  // the till it came from, recorded with its change; empty: none
  std::string undo = {};  // give_back: the idempotency key of the sale it undoes; empty: none
};

struct ServiceOptions {
  std::int64_t initial_stock = counter::kDefaultInitialStock;
  std::chrono::milliseconds keep_replies{24 * 60 * 60 * 1000};  // then a key is forgotten
  std::chrono::milliseconds undo_window{10 * 60 * 1000};        // a sale may be undone this long
  // Called on the writer thread with the stock each committed batch left and the changes it
  // recorded, in commit order, before its commands are answered; must return at once.
  std::function<void(const counter::Stock&, const std::vector<counter::RecordedChange>&)> on_commit;
};

struct CommitStats {
  std::uint64_t commits = 0;         // store transactions that recorded changes (one sync each)
  std::uint64_t changes = 0;         // changes recorded by them
  std::uint64_t largest_commit = 0;  // most changes one commit carried
  std::uint64_t replays = 0;         // repeats answered from a kept outcome
  std::uint64_t forgotten = 0;       // kept replies forgotten after their time
  std::size_t queued = 0;            // commands waiting for the next transaction
  double commit_seconds = 0;         // time spent in those commits, in all
  double slowest_commit_seconds = 0;
  std::uint64_t failed_commits = 0;  // transactions the store refused (nothing recorded)
};

class CounterService {
 public:
  // Runs on the writer thread once the command's transaction has ended.
  using Completion = std::function<void(const Outcome&)>;

  // Loads the stock from `store` (which must outlive the service) and starts the writer.
  CounterService(Store& store, const ServiceOptions& options);
  // Records whatever is still queued (and completes it), then stops the writer.
  ~CounterService();
  CounterService(const CounterService&) = delete;
  CounterService& operator=(const CounterService&) = delete;

  // Queues `command` behind every earlier one; `done` gets its outcome. A command whose key is
  // queued already is answered key_in_use at once, on the caller's thread.
  void submit(Command command, Completion done);

  // The stock after the last durable change. With a shared store it is read from the store
  // (another replica may have changed it), so it can throw StoreError.
  counter::Stock current() const;

  // current(), answered through `done`: at once from memory with a store of its own; with a
  // shared store from the reader thread, by the first read of the store that starts after this
  // call — one read answers every call that arrived while the one before it ran, and no caller
  // thread waits for the database.
  using ReadDone = std::function<void(const std::variant<counter::Stock, StoreError>&)>;
  void read_current(ReadDone done);
  std::int64_t initial_stock() const { return initial_; }
  std::chrono::milliseconds undo_window() const { return undo_window_; }
  const std::string& store_id() const { return store_.id(); }
  const Store& store() const { return store_; }

  // Why a sale could not be recorded now (for GET /readyz), or nothing when it could.
  std::optional<std::string> not_ready() const;
  CommitStats stats() const;

 private:
  struct Pending {
    Command command;
    Completion done;
  };

  struct Applied {
    std::vector<Outcome> outcomes;  // one per command
    counter::Stock after{};         // the stock the batch left
    std::uint64_t changes = 0;      // recorded
    std::vector<counter::RecordedChange> recorded;
    std::uint64_t replays = 0;  // answered from kept outcomes
    bool committed = false;
    double seconds = 0;  // in the store's transaction
  };

  void write_loop();
  Applied apply(const std::vector<Pending>& batch);
  struct BatchSales;
  // The rule for `command` on `stock`, or why an undo is refused (look-ups in `tx` and `sales`).
  std::variant<counter::ChangeOutcome, UndoRefused> rule(const Command& command,
                                                         const counter::Stock& stock,
                                                         std::int64_t at_ms, StoreTransaction& tx,
                                                         BatchSales& sales) const;
  void forget_old_replies();

  Store& store_;
  const std::int64_t initial_;
  const std::chrono::milliseconds keep_replies_;
  const std::chrono::milliseconds undo_window_;
  const decltype(ServiceOptions::on_commit) on_commit_;
  std::chrono::steady_clock::time_point last_forget_{};

  mutable std::mutex mutex_;
  counter::Stock durable_;  // after the last recorded change
  std::vector<Pending> queue_;
  std::unordered_set<std::string> keys_in_flight_;  // of commands queued or being applied
  CommitStats stats_;
  bool stopping_ = false;
  bool writer_idle_ = false;  // waiting for work: the next submit must wake it
  std::condition_variable wake_writer_;
  std::thread writer_;
  // Destroyed first (declared last): answers what it holds, then stops.
  std::unique_ptr<BatchWorker<ReadDone>> reads_;  // only with a shared store
};

}  // namespace counterd
