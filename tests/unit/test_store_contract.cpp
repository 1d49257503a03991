// The store contract on the memory store and on SQLite (PostgreSQL: tests/postgres/).
#include <memory>
#include <tuple>

#include "store/memory_store.hpp"
#include "store/sqlite_store.hpp"
#include "support/counterd_process.hpp"

namespace {

struct MemoryStoreFixture {
  std::unique_ptr<counterd::Store> open() { return std::make_unique<counterd::MemoryStore>(); }
};

struct SqliteStoreFixture {
  testsupport::TempDir dir;
  std::unique_ptr<counterd::Store> open() {
    return std::make_unique<counterd::SqliteStore>(dir.str() + "/counter.db");
  }
};

}  // namespace

using ContractStores = std::tuple<MemoryStoreFixture, SqliteStoreFixture>;
using DurableStores = std::tuple<SqliteStoreFixture>;

#include "support/store_contract.hpp"
