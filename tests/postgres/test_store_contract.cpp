// The store contract on PostgreSQL: a fresh database on the run's server for each test (and
// each of its sections).
#include <memory>
#include <tuple>

#include "postgres/replicas.hpp"
#include "store/postgres_store.hpp"

namespace {

struct PostgresStoreFixture {
  std::string url = testsupport::database_url(testsupport::fixture_conninfo(),
                                              testsupport::fresh_database_name());
  std::unique_ptr<counterd::Store> open() { return std::make_unique<counterd::PostgresStore>(url); }
};

}  // namespace

using ContractStores = std::tuple<PostgresStoreFixture>;
using DurableStores = std::tuple<PostgresStoreFixture>;

#include "support/store_contract.hpp"
