// The history as the API reads it: changes by time, and their counts per bucket. Reads run on
// a thread of their own, one after another: a read of a long history can take milliseconds (or
// seconds, on a locked database), and on a reactor thread it would hold up every connection of
// that thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "counter/sales.hpp"
#include "store/store.hpp"
#include "threads/batch_worker.hpp"

namespace counterd {

class HistoryReads {
 public:
  // `store` must outlive this; destroying it answers the reads still queued first.
  explicit HistoryReads(Store& store);

  // Runs `read` on the reading thread, after those queued before it.
  void run(std::function<void()> read);

  // Read from the store where they are called (they can throw StoreError).
  std::vector<counter::RecordedChange> changes(std::int64_t from_ms, std::int64_t to_ms,
                                               std::size_t limit, HistoryOrder order) const;
  counter::SalesReport sales(const counter::SalesQuery& query) const;

 private:
  Store& store_;
  BatchWorker<std::function<void()>> reads_;  // last: its thread may use the store
};

}  // namespace counterd
