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
  const counter::SalesQuery day{counter::Bucket::day, 0, 2 * counter::kDayMs, 0, ""};
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
        "5");
}

TEST_CASE("a PostgreSQL store of schema 4 takes returns, tills and undos once upgraded") {
  const std::string conninfo = testsupport::fixture_conninfo();
  const std::string name = testsupport::fresh_database_name();
  const std::string url = testsupport::database_url(conninfo, name);
  const counter::SalesQuery all{counter::Bucket::hour, 0, 200'000, 0, ""};
  {
    counterd::PostgresStore store(url);
    store.transact(1000, [](counterd::StoreTransaction& tx) {
      tx.record({1000, {counter::ChangeKind::decrement, -1, {999, 1}}});
    });
  }
  // Back to schema 4: no return kind, no till or undo columns, no returns per minute.
  testsupport::query(
      conninfo, name,
      "DROP INDEX counter_changes_by_sale_undone; ALTER TABLE counter_changes DROP COLUMN till, "
      "DROP COLUMN undoes, DROP CONSTRAINT counter_changes_kind_check, ADD CONSTRAINT "
      "counter_changes_kind_check CHECK (kind IN ('decrement', 'reset'));"
      "ALTER TABLE counter_sales_by_minute DROP COLUMN returns;"
      "CREATE OR REPLACE FUNCTION counter_count_sales() RETURNS trigger LANGUAGE plpgsql AS $$ "
      "BEGIN INSERT INTO counter_sales_by_minute (minute, sales, resets) SELECT at_ms / 60000, "
      "count(*) FILTER (WHERE kind = 'decrement'), count(*) FILTER (WHERE kind = 'reset') FROM "
      "added GROUP BY 1 ON CONFLICT (minute) DO UPDATE SET sales = counter_sales_by_minute.sales "
      "+ excluded.sales, resets = counter_sales_by_minute.resets + excluded.resets; RETURN NULL; "
      "END $$; UPDATE counter_meta SET value = '4' WHERE key = 'schema'");
  counterd::PostgresStore upgraded(url);
  counter::RecordedChange back{120'000, {counter::ChangeKind::returned, 1, {1000, 2}}};
  back.till = "Front desk";
  back.undoes = 1;
  upgraded.transact(1000, [&](counterd::StoreTransaction& tx) { tx.record(back); });
  CHECK(upgraded.history(0, 200'000, 10, counterd::HistoryOrder::newest_first, "Front desk") ==
        std::vector<counter::RecordedChange>{back});
  const auto report = counter::make_sales_report(all, upgraded.count_sales(all));
  CHECK(report.sales == 1);
  CHECK(report.returns == 1);
  CHECK(testsupport::query(conninfo, name, "SELECT value FROM counter_meta WHERE key = 'schema'") ==
        "5");
}

TEST_CASE("a PostgreSQL store of schema 2 has its kept answers read back as outcomes") {
  const std::string conninfo = testsupport::fixture_conninfo();
  const std::string name = testsupport::fresh_database_name();
  const std::string url = testsupport::database_url(conninfo, name);
  { counterd::PostgresStore store(url); }
  // The table schema 2 kept rendered answers in, with one sale's answer and one refusal's.
  testsupport::query(
      conninfo, name,
      "DROP TABLE counter_kept_outcomes; UPDATE counter_meta SET value = '2' WHERE key = 'schema';"
      "CREATE TABLE counter_kept_requests (key text PRIMARY KEY, at_ms bigint NOT NULL, "
      "fingerprint text NOT NULL, status integer NOT NULL, etag text NOT NULL, body text NOT "
      "NULL);"
      "INSERT INTO counter_kept_requests VALUES ('sold', 5, 'POST /decrement\n', 200, "
      "'\"x-1\"', '{\"value\":999,\"version\":1,\"initial\":1000}'), "
      "('late', 6, 'POST /decrement\n', 409, '', "
      "'{\"type\":\"urn:camera-counter:problem:sold-out\",\"status\":409}')");
  counterd::PostgresStore upgraded(url);
  upgraded.transact(1000, [](counterd::StoreTransaction& tx) {
    const auto found = tx.find_kept({"sold", "late"});
    CHECK(found[0] == counterd::KeptRequest{"POST /decrement\n", counter::Stock{999, 1}});
    CHECK(found[1] == counterd::KeptRequest{"POST /decrement\n", counter::Rejection::sold_out});
  });
  CHECK(testsupport::query(conninfo, name, "SELECT to_regclass('counter_kept_requests') IS NULL") ==
        "t");
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
