// Persistence behind one interface: the service asks a Store to keep changes, never a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "commit_feed.hpp"
#include "counter/sales.hpp"
#include "counter/stock.hpp"

namespace counterd {

// A store that cannot be opened, read or written; the message says which and why.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The connection to the store broke while it committed: the changes may or may not have been
// recorded. Nothing may be acknowledged; a repeat under the same idempotency key tells.
class CommitOutcomeUnknown : public StoreError {
 public:
  using StoreError::StoreError;
};

// What a request done under an idempotency key came to: the state its change left, or the rule
// that refused it. A repeat of the request is answered from it (rendered at the HTTP edge,
// like a first answer), so a store keeps outcomes, never HTTP.
using KeptOutcome = std::variant<counter::Stock, counter::Rejection>;

// A request done under an idempotency key: what it was (a repeat must be the same request)
// and what it came to.
struct KeptRequest {
  std::string fingerprint;
  KeptOutcome outcome;
  friend bool operator==(const KeptRequest&, const KeptRequest&) = default;
};

// How stores keep a KeptOutcome: "recorded" with the state's value and version, or the
// rejection's name without them.
inline constexpr const char* kRecorded = "recorded";
struct KeptRow {
  std::string outcome;
  std::optional<std::int64_t> value, version;
};
KeptRow to_row(const KeptOutcome& outcome);
KeptOutcome from_row(const KeptRow& row);  // throws StoreError if it is not one

struct KeyedSale {
  counter::RecordedChange sale;
  std::optional<counter::RecordedChange> undo;
};

// One transaction on a store. Every writer of the store waits while it is open, so what it
// reads stays true until it ends; what it records is committed together, or not at all.
class StoreTransaction {
 public:
  virtual ~StoreTransaction() = default;

  // The stock after the last recorded change, or {initial, 0} when nothing is recorded yet.
  virtual counter::Stock stock() = 0;

  // Records `change` (appended to the history); the stock becomes its result.
  virtual void record(const counter::RecordedChange& change) = 0;

  // The requests kept under `keys`, one entry per key (empty where none is kept).
  virtual std::vector<std::optional<KeptRequest>> find_kept(
      const std::vector<std::string>& keys) = 0;

  // Keeps `request` under `key`, committed with this transaction's changes or not at all.
  virtual void keep(const std::string& key, const KeptRequest& request, std::int64_t at_ms) = 0;

  // The sale recorded under idempotency key `key` (committed before this transaction), and the
  // return that undid it, if one did; nothing when no sale is kept under that key.
  virtual std::optional<KeyedSale> find_sale(const std::string& key) = 0;
};

enum class StoreKind { sqlite, postgres, memory };

enum class HistoryOrder { oldest_first, newest_first };

const char* to_string(StoreKind kind);

class Store {
 public:
  virtual ~Store() = default;

  virtual StoreKind kind() const = 0;

  // The stock after the last recorded change, or {initial, 0} when nothing is recorded yet.
  virtual counter::Stock load(std::int64_t initial) = 0;

  // Runs `work` in one transaction and commits it. When transact returns, everything `work`
  // recorded is durable (synced); when it throws — StoreError from the store, or whatever
  // `work` threw — none of it is recorded. `initial` is the stock of a store with no history.
  // Called from one thread at a time.
  virtual void transact(std::int64_t initial,
                        const std::function<void(StoreTransaction&)>& work) = 0;

  // Changes with from_ms <= at_ms < to_ms from `till` (empty: from every till, named or not),
  // at most `limit` of them: the oldest ones, or the newest ones (newest first). Safe to call
  // while another thread writes.
  virtual std::vector<counter::RecordedChange> history(std::int64_t from_ms, std::int64_t to_ms,
                                                       std::size_t limit, HistoryOrder order,
                                                       const std::string& till) = 0;

  // The query's sales, resets and returns per bucket, counted by the store (never by shipping its
  // rows); only buckets with changes are listed. Safe to call while another thread writes.
  virtual std::vector<counter::BucketCounts> count_sales(const counter::SalesQuery& query) = 0;

  // Forgets requests kept before `before_ms`, at most `limit` of them in one short transaction;
  // returns how many. Called from the writer's thread, between transactions.
  virtual std::size_t forget_kept(std::int64_t before_ms, std::size_t limit) = 0;

  // Why a write could not succeed now, or nothing when it could (for the readiness probe).
  virtual std::optional<std::string> unwritable() = 0;

  // Names this store's line of versions: it changes only when the history starts afresh,
  // so that (id, version) never names two different states. Used in ETags.
  virtual const std::string& id() const = 0;

  // One line for the startup log, e.g. "sqlite data/counter.db".
  virtual std::string describe() const = 0;

  // Whether other processes write this store too (replicas on one database): then only the
  // store knows the current stock, and no process may answer from what it last wrote.
  virtual bool shared() const { return false; }

  // How often the store had to connect again after losing its connection.
  virtual std::uint64_t reconnects() const { return 0; }

  // A shared store's commit feed (commit_feed.hpp): every writer's commits in commit order, for
  // one process at a time among those that follow it with the same `key`. nullptr for a store
  // that only this process writes: its own commits are all there are.
  virtual std::unique_ptr<CommitFeed> follow_commits(const std::string& /*key*/,
                                                     std::int64_t /*initial*/,
                                                     CommitFeedHandlers /*handlers*/) {
    return nullptr;
  }
};

// Where durable stores live: SQLite in a folder, PostgreSQL at a libpq connection string.
struct StoreLocation {
  std::string data_dir;
  std::string database_url;
};

// Opens the store of `kind` at `where`. Throws StoreError.
std::unique_ptr<Store> open_store(StoreKind kind, const StoreLocation& where);

}  // namespace counterd
