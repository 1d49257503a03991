#include "history_reads.hpp"

namespace counterd {

HistoryReads::HistoryReads(Store& store)
    : store_(store), reads_([](std::vector<std::function<void()>>& batch) {
        for (auto& read : batch) read();
      }) {}

void HistoryReads::run(std::function<void()> read) {
  reads_.push(std::move(read));
}

std::vector<counter::RecordedChange> HistoryReads::changes(std::int64_t from_ms, std::int64_t to_ms,
                                                           std::size_t limit,
                                                           HistoryOrder order) const {
  return store_.history(from_ms, to_ms, limit, order);
}

counter::SalesReport HistoryReads::sales(const counter::SalesQuery& query) const {
  return counter::make_sales_report(query, store_.count_sales(query));
}

}  // namespace counterd
