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
                                               std::size_t limit, HistoryOrder order,
                                               const std::string& till) const;
  // The query's report, its buckets cut by `clock` (the query's zone or offset).
  counter::SalesReport sales(const counter::SalesQuery& query,
                             const counter::LocalClock& clock) const;

 private:
  Store& store_;
  BatchWorker<std::function<void()>> reads_;  // last: its thread may use the store
};

// The same from `store`: each span of the clock where its offset holds is counted by the store
// on that fixed offset, and the counts are placed in the clock's buckets.
counter::SalesReport count_sales(Store& store, const counter::SalesQuery& query,
                                 const counter::LocalClock& clock);

}  // namespace counterd
