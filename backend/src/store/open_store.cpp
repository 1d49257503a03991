#include "memory_store.hpp"
#include "postgres_store.hpp"
#include "sqlite_store.hpp"

namespace counterd {

const char* to_string(StoreKind kind) {
  switch (kind) {
    case StoreKind::sqlite:
      return "sqlite";
    case StoreKind::postgres:
      return "postgres";
    case StoreKind::memory:
      return "memory";
  }
  return "sqlite";
}

std::unique_ptr<Store> open_store(StoreKind kind, const StoreLocation& where) {
  switch (kind) {
    case StoreKind::memory:
      return std::make_unique<MemoryStore>();
    case StoreKind::postgres:
      return std::make_unique<PostgresStore>(where.database_url);
    case StoreKind::sqlite:
      break;
  }
  return std::make_unique<SqliteStore>(sqlite_store_path(where.data_dir));
}

}  // namespace counterd
