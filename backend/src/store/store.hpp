// Persistence behind one interface: the service asks a Store to keep changes, never a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "counter/stock.hpp"

namespace counterd {

// A store that cannot be opened, read or written; the message says which and why.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  virtual ~Store() = default;

  // The stock after the last recorded change, or {initial, 0} when nothing is recorded yet.
  virtual counter::Stock load(std::int64_t initial) = 0;

  // Records `batch` in order as one unit: when it returns, every change is durable (synced);
  // when it throws StoreError, none of them is recorded. Called from one thread at a time.
  virtual void append(std::span<const counter::RecordedChange> batch) = 0;

  // Changes with from_ms <= at_ms < to_ms, oldest first, at most `limit` of them.
  // Safe to call while another thread appends.
  virtual std::vector<counter::RecordedChange> history(std::int64_t from_ms, std::int64_t to_ms,
                                                       std::size_t limit) = 0;

  // Whether a write could succeed now (for the readiness probe).
  virtual bool writable() = 0;

  // Names this store's line of versions: it changes only when the history starts afresh,
  // so that (id, version) never names two different states. Used in ETags.
  virtual const std::string& id() const = 0;

  // One line for the startup log, e.g. "sqlite data/counter.db".
  virtual std::string describe() const = 0;
};

enum class StoreKind { sqlite, memory };

// Opens the store of `kind` (data_dir is used by durable kinds). Throws StoreError.
std::unique_ptr<Store> open_store(StoreKind kind, const std::string& data_dir);

}  // namespace counterd
