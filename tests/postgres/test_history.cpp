// PostgreSQL's history beyond the store contract: a store of schema 1 upgraded, and GET /sales
// waiting on the database.
#include <libpq-fe.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "postgres/replicas.hpp"
#include "store/postgres_store.hpp"
#include "support/raw_connection.hpp"
#include "support/wait.hpp"

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

TEST_CASE("a history read that waits on the database holds up no other request") {
  const std::string conninfo = testsupport::fixture_conninfo();
  const std::string name = testsupport::fresh_database_name();
  const std::string url = testsupport::database_url(conninfo, name);
  auto args = testsupport::postgres_args(url);
  args.insert(args.end(), {"--threads", "1"});  // one reactor thread: every connection on it
  testsupport::CounterdProcess counterd(args);

  // Another session holds the per-minute counts: GET /sales waits for its lock.
  std::unique_ptr<PGconn, void (*)(PGconn*)> holder(PQconnectdb(url.c_str()), PQfinish);
  REQUIRE(PQstatus(holder.get()) == CONNECTION_OK);
  PQclear(PQexec(holder.get(), "BEGIN; LOCK TABLE counter_sales_by_minute"));
  std::atomic<bool> sales_answered{false};
  int sales_status = 0;
  std::thread sales([&] {
    testsupport::RawConnection connection(counterd.port());
    connection.send("GET /sales HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto answer = connection.read_response();
    sales_status = answer ? answer->status : 0;
    sales_answered = true;
  });
  const bool waiting = testsupport::wait_until([&] {
    return testsupport::query(conninfo, name,
                              "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                              "'counterd' AND wait_event_type = 'Lock'") == "1";
  });
  testsupport::RawConnection other(counterd.port());
  other.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto health = other.read_response();
  const bool answered_first = !sales_answered;
  PQclear(PQexec(holder.get(), "ROLLBACK"));
  sales.join();
  REQUIRE(waiting);
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(answered_first);
  CHECK(sales_status == 200);  // once the lock went
}
