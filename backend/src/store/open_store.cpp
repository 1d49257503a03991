#include "memory_store.hpp"
#include "sqlite_store.hpp"

namespace counterd {

std::unique_ptr<Store> open_store(StoreKind kind, const std::string& data_dir) {
  if (kind == StoreKind::memory) return std::make_unique<MemoryStore>();
  return std::make_unique<SqliteStore>(data_dir + "/counter.db");
}

}  // namespace counterd
