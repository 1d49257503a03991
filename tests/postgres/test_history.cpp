// The history half of the store contract on PostgreSQL: the same checks as SQLite's and the
// memory store's, on the fixture's server.
#include "postgres/replicas.hpp"
#include "store/postgres_store.hpp"
#include "support/history_contract.hpp"

TEST_CASE("the PostgreSQL store keeps the history contract") {
  const std::string conninfo = testsupport::fixture_conninfo();
  REQUIRE_FALSE(conninfo.empty());
  // Catch runs the test once per section: each run gets a database of its own.
  counterd::PostgresStore store(
      testsupport::database_url(conninfo, testsupport::fresh_database_name()));
  testsupport::check_history_contract(store);
}

TEST_CASE("a PostgreSQL store of schema 1 counts its earlier sales once upgraded") {
  const std::string conninfo = testsupport::fixture_conninfo();
  const std::string name = testsupport::fresh_database_name();
  const std::string url = testsupport::database_url(conninfo, name);
  const counter::SalesQuery day{counter::Bucket::day, 0, 2 * counter::kDayMs, 0};
  {
    counterd::PostgresStore store(url);
    store.transact(1000, [](counterd::StoreTransaction& tx) {
      tx.record({1000, {counter::ChangeKind::decrement, -1, {999, 1}}});
      tx.record({counter::kDayMs + 5, {counter::ChangeKind::decrement, -1, {998, 2}}});
    });
  }
  testsupport::query(conninfo, name,
                     "DROP TABLE counter_sales_by_minute; DROP FUNCTION counter_count_sales "
                     "CASCADE; UPDATE counter_meta SET value = '1' WHERE key = 'schema'");
  counterd::PostgresStore upgraded(url);
  CHECK(counter::make_sales_report(day, upgraded.count_sales(day)).sales == 2);
  CHECK(testsupport::query(conninfo, name, "SELECT value FROM counter_meta WHERE key = 'schema'") ==
        "2");
}
