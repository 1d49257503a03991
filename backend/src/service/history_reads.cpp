#include "history_reads.hpp"

#include <algorithm>

namespace counterd {

HistoryReads::HistoryReads(Store& store)
    : store_(store), reads_([](std::vector<std::function<void()>>& batch) {
        for (auto& read : batch) read();
      }) {}

void HistoryReads::run(std::function<void()> read) {
  reads_.push(std::move(read));
}

std::vector<counter::RecordedChange> HistoryReads::changes(std::int64_t from_ms, std::int64_t to_ms,
                                                           std::size_t limit, HistoryOrder order,
                                                           const std::string& till) const {
  return store_.history(from_ms, to_ms, limit, order, till);
}

counter::SalesReport HistoryReads::sales(const counter::SalesQuery& query,
                                         const counter::LocalClock& clock) const {
  return count_sales(store_, query, clock);
}

counter::SalesReport count_sales(Store& store, const counter::SalesQuery& query,
                                 const counter::LocalClock& clock) {
  std::vector<counter::TimedCounts> counts;
  for (std::size_t i = 0; i < clock.size(); ++i) {
    const std::int64_t from = i == 0 ? query.since_ms : std::max(query.since_ms, clock[i].from_ms);
    const std::int64_t to =
        i + 1 < clock.size() ? std::min(query.until_ms, clock[i + 1].from_ms) : query.until_ms;
    if (from >= to) continue;
    const counter::SalesQuery span{query.bucket, from, to, clock[i].offset_min, ""};
    const std::int64_t first = counter::first_bucket_start(span);
    const std::int64_t width = counter::width_ms(span.bucket);
    for (const auto& c : store.count_sales(span))
      counts.push_back({std::max(from, first + c.index * width), c.sales, c.resets, c.returns});
  }
  return counter::make_sales_report(
      query,
      counter::bucket_starts(query.bucket, query.since_ms, query.until_ms, clock,
                             counter::kMaxSalesBuckets),
      counts);
}

}  // namespace counterd
