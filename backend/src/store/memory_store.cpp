#include "memory_store.hpp"

#include <algorithm>

#include "random_id.hpp"

namespace counterd {

namespace {

// Changes and kept requests wait aside until `work` returns, so that a throw leaves nothing.
class MemoryTransaction final : public StoreTransaction {
 public:
  MemoryTransaction(counter::Stock stock,
                    const std::unordered_map<std::string, MemoryStore::Kept>& kept,
                    const std::vector<counter::RecordedChange>& changes)
      : stock_(stock), kept_(kept), changes_(changes) {}
  counter::Stock stock() override { return stock_; }
  void record(const counter::RecordedChange& change) override {
    recorded.push_back(change);
    stock_ = change.change.result;
  }
  std::vector<std::optional<KeptRequest>> find_kept(const std::vector<std::string>& keys) override {
    std::vector<std::optional<KeptRequest>> found;
    for (const auto& key : keys) {
      const auto it = kept_.find(key);
      found.push_back(it == kept_.end() ? std::nullopt : std::optional(it->second.request));
    }
    return found;
  }
  void keep(const std::string& key, const KeptRequest& request, std::int64_t at_ms) override {
    added.insert_or_assign(key, MemoryStore::Kept{request, at_ms});
  }
  std::optional<KeyedSale> find_sale(const std::string& key) override {
    const auto kept = kept_.find(key);
    if (kept == kept_.end()) return std::nullopt;
    const auto* state = std::get_if<counter::Stock>(&kept->second.request.outcome);
    if (!state) return std::nullopt;
    // In version order, like the durable stores' primary key.
    const auto sale = std::lower_bound(changes_.begin(), changes_.end(), state->version,
                                       [](const counter::RecordedChange& c, std::uint64_t v) {
                                         return c.change.result.version < v;
                                       });
    if (sale == changes_.end() || sale->change.result.version != state->version ||
        sale->change.kind != counter::ChangeKind::decrement)
      return std::nullopt;
    KeyedSale found{*sale, std::nullopt};
    for (auto it = sale + 1; it != changes_.end() && !found.undo; ++it)
      if (it->undoes == state->version) found.undo = *it;
    return found;
  }

  std::vector<counter::RecordedChange> recorded;
  std::unordered_map<std::string, MemoryStore::Kept> added;

 private:
  counter::Stock stock_;
  const std::unordered_map<std::string, MemoryStore::Kept>& kept_;
  const std::vector<counter::RecordedChange>& changes_;
};

}  // namespace

MemoryStore::MemoryStore() : id_(random_id()) {}

counter::Stock MemoryStore::load(std::int64_t initial) {
  std::lock_guard lock(mutex_);
  return changes_.empty() ? counter::Stock{initial, 0} : changes_.back().change.result;
}

void MemoryStore::transact(std::int64_t initial,
                           const std::function<void(StoreTransaction&)>& work) {
  // One writer at a time (the contract), so the kept requests can be read without the lock.
  MemoryTransaction tx(load(initial), kept_, changes_);
  work(tx);
  std::lock_guard lock(mutex_);
  // What the durable stores' constraints refuse, refused here too: nothing of the batch is kept.
  std::uint64_t last = changes_.empty() ? 0 : changes_.back().change.result.version;
  std::unordered_set<std::uint64_t> undoing;
  for (const auto& c : tx.recorded) {
    if (c.change.result.version <= last)
      throw StoreError("version " + std::to_string(c.change.result.version) + " is taken");
    if (!counter::is_valid_stock(c.change.result.value))
      throw StoreError("a stock of " + std::to_string(c.change.result.value) +
                       " is outside what a store may hold");
    last = c.change.result.version;
    if (c.undoes && (undone_.count(*c.undoes) || !undoing.insert(*c.undoes).second))
      throw StoreError("sale " + std::to_string(*c.undoes) + " is undone already");
  }
  undone_.insert(undoing.begin(), undoing.end());
  changes_.insert(changes_.end(), tx.recorded.begin(), tx.recorded.end());
  for (auto& [key, kept] : tx.added) kept_.insert_or_assign(key, std::move(kept));
}

std::vector<counter::RecordedChange> MemoryStore::history(std::int64_t from_ms, std::int64_t to_ms,
                                                          std::size_t limit, HistoryOrder order,
                                                          const std::string& till) {
  std::lock_guard lock(mutex_);
  std::vector<counter::RecordedChange> found;
  auto take = [&](const counter::RecordedChange& c) {
    if (c.at_ms >= from_ms && c.at_ms < to_ms && (till.empty() || c.till == till))
      found.push_back(c);
  };
  // Kept in commit order, which is time order: the service stamps each batch when it commits.
  if (order == HistoryOrder::oldest_first) {
    for (auto it = changes_.begin(); it != changes_.end() && found.size() < limit; ++it) take(*it);
  } else {
    for (auto it = changes_.rbegin(); it != changes_.rend() && found.size() < limit; ++it)
      take(*it);
  }
  return found;
}

std::vector<counter::BucketCounts> MemoryStore::count_sales(const counter::SalesQuery& query) {
  std::lock_guard lock(mutex_);
  const std::int64_t first = counter::first_bucket_start(query);
  const std::int64_t width = counter::width_ms(query.bucket);
  std::vector<counter::BucketCounts> found;
  for (const auto& c : changes_) {
    if (c.at_ms < query.since_ms || c.at_ms >= query.until_ms) continue;
    const std::int64_t index = (c.at_ms - first) / width;
    if (found.empty() || found.back().index != index) found.push_back({index, 0, 0});
    switch (c.change.kind) {
      case counter::ChangeKind::decrement:
        ++found.back().sales;
        break;
      case counter::ChangeKind::reset:
        ++found.back().resets;
        break;
      case counter::ChangeKind::returned:
        ++found.back().returns;
        break;
    }
  }
  return found;
}

std::size_t MemoryStore::forget_kept(std::int64_t before_ms, std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::size_t forgotten = 0;
  for (auto it = kept_.begin(); it != kept_.end() && forgotten < limit;) {
    if (it->second.at_ms < before_ms) {
      it = kept_.erase(it);
      ++forgotten;
    } else {
      ++it;
    }
  }
  return forgotten;
}

}  // namespace counterd
