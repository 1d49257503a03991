// The original service's behaviour: the stock lives in memory and is gone on restart.
#pragma once

#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "store.hpp"

namespace counterd {

class MemoryStore final : public Store {
 public:
  MemoryStore();

  StoreKind kind() const override { return StoreKind::memory; }

  counter::Stock load(std::int64_t initial) override;
  void transact(std::int64_t initial, const std::function<void(StoreTransaction&)>& work) override;
  std::vector<counter::RecordedChange> history(std::int64_t from_ms, std::int64_t to_ms,
                                               std::size_t limit, HistoryOrder order,
                                               const std::string& till) override;
  std::vector<counter::BucketCounts> count_sales(const counter::SalesQuery& query) override;
  std::size_t forget_kept(std::int64_t before_ms, std::size_t limit) override;
  std::optional<std::string> unwritable() override { return std::nullopt; }
  const std::string& id() const override { return id_; }
  std::string describe() const override { return "memory (not durable)"; }

  struct Kept {
    KeptRequest request;
    std::int64_t at_ms;
  };

 private:
  std::mutex mutex_;
  std::vector<counter::RecordedChange> changes_;
  std::unordered_map<std::string, Kept> kept_;
  std::unordered_set<std::uint64_t> undone_;  // versions of sales a return undid
  std::string id_;
};

}  // namespace counterd
