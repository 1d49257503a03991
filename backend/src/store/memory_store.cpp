#include "memory_store.hpp"

#include "random_id.hpp"

namespace counterd {

namespace {

// Changes are kept aside until `work` returns, so that a throw leaves nothing behind.
class MemoryTransaction final : public StoreTransaction {
 public:
  MemoryTransaction(counter::Stock stock) : stock_(stock) {}
  counter::Stock stock() override { return stock_; }
  void record(const counter::RecordedChange& change) override {
    recorded_.push_back(change);
    stock_ = change.change.result;
  }
  std::vector<counter::RecordedChange>& recorded() { return recorded_; }

 private:
  counter::Stock stock_;
  std::vector<counter::RecordedChange> recorded_;
};

}  // namespace

MemoryStore::MemoryStore() : id_(random_id()) {}

counter::Stock MemoryStore::load(std::int64_t initial) {
  std::lock_guard lock(mutex_);
  return changes_.empty() ? counter::Stock{initial, 0} : changes_.back().change.result;
}

void MemoryStore::transact(std::int64_t initial,
                           const std::function<void(StoreTransaction&)>& work) {
  MemoryTransaction tx(load(initial));
  work(tx);
  std::lock_guard lock(mutex_);
  changes_.insert(changes_.end(), tx.recorded().begin(), tx.recorded().end());
}

std::vector<counter::RecordedChange> MemoryStore::history(std::int64_t from_ms, std::int64_t to_ms,
                                                          std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<counter::RecordedChange> found;
  for (const auto& c : changes_) {
    if (found.size() >= limit) break;
    if (c.at_ms >= from_ms && c.at_ms < to_ms) found.push_back(c);
  }
  return found;
}

}  // namespace counterd
