#include "memory_store.hpp"

#include "random_id.hpp"

namespace counterd {

MemoryStore::MemoryStore() : id_(random_id()) {}

counter::Stock MemoryStore::load(std::int64_t initial) {
  std::lock_guard lock(mutex_);
  return changes_.empty() ? counter::Stock{initial, 0} : changes_.back().change.result;
}

void MemoryStore::append(std::span<const counter::RecordedChange> batch) {
  std::lock_guard lock(mutex_);
  changes_.insert(changes_.end(), batch.begin(), batch.end());
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
