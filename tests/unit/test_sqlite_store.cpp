// What only the SQLite store does: its files, locks and refusals (the store contract, which it
// keeps like every store, is in test_store_contract.cpp).
#include <catch2/catch.hpp>

#include <fstream>

#include "store/sqlite_store.hpp"
#include "support/counterd_process.hpp"
#include "support/sqlite_file.hpp"

using namespace counter;
using counterd::SqliteStore;
using counterd::StoreError;
using testsupport::TempDir;

namespace {

RecordedChange at(std::int64_t ms, ChangeKind kind, std::int64_t delta, Stock result) {
  return RecordedChange{ms, Change{kind, delta, result}};
}

// Records `batch` in one transaction.
void record(SqliteStore& store, const std::vector<RecordedChange>& batch) {
  store.transact(1000, [&](counterd::StoreTransaction& tx) {
    for (const auto& c : batch) tx.record(c);
  });
}

}  // namespace

TEST_CASE("a second store on the same data directory is refused") {
  TempDir dir;
  SqliteStore first(dir.str() + "/counter.db");
  CHECK_THROWS_WITH(SqliteStore(dir.str() + "/counter.db"),
                    Catch::Contains("another counterd uses this data directory"));
}

TEST_CASE("a file that is not a database is refused, never replaced") {
  TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  std::ofstream(path) << std::string(8192, 'x');
  CHECK_THROWS_WITH(SqliteStore(path), Catch::Contains("is not a usable counter store"));
  std::ifstream in(path);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == std::string(8192, 'x'));
}

TEST_CASE("a damaged database is reported as corrupt") {
  TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  {
    SqliteStore store(path);
    std::vector<RecordedChange> batch;
    for (std::uint64_t v = 1; v <= 2000; ++v)
      batch.push_back(at(static_cast<std::int64_t>(v), ChangeKind::decrement, -1,
                         {100000 - static_cast<std::int64_t>(v), v}));
    record(store, batch);
  }
  {  // overwrite pages in the middle of the file, keeping the header intact
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096 * 3);
    const std::string junk(4096 * 4, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  CHECK_THROWS_AS(SqliteStore(path), StoreError);
}

TEST_CASE("another application's SQLite database is refused") {
  TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  CHECK_THROWS_WITH(SqliteStore(path), Catch::Contains("some other SQLite database"));
}

TEST_CASE("a data directory that cannot be created is a clear error") {
  TempDir dir;
  std::ofstream(dir.str() + "/file") << "x";
  CHECK_THROWS_WITH(SqliteStore(dir.str() + "/file/sub/counter.db"),
                    Catch::Contains("cannot create data directory"));
}

TEST_CASE("a store of schema 3 has its kept answers read back as outcomes") {
  TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  { SqliteStore store(path); }
  // The table schema 3 kept rendered answers in, with one sale's answer and one refusal's.
  testsupport::run_sql(
      path,
      "DROP TABLE kept_outcomes; PRAGMA user_version = 3;"
      "CREATE TABLE kept_requests (key TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, "
      "fingerprint TEXT NOT NULL, status INTEGER NOT NULL, etag TEXT NOT NULL, body TEXT "
      "NOT NULL);"
      "INSERT INTO kept_requests VALUES ('sold', 5, 'POST /decrement\n', 200, '\"x-1\"', "
      "'{\"value\":999,\"version\":1,\"initial\":1000}'), ('late', 6, 'POST /decrement\n', "
      "409, '', '{\"type\":\"urn:camera-counter:problem:sold-out\",\"status\":409}')");
  SqliteStore upgraded(path);
  upgraded.transact(1000, [](counterd::StoreTransaction& tx) {
    const auto found = tx.find_kept({"sold", "late"});
    CHECK(found[0] == counterd::KeptRequest{"POST /decrement\n", Stock{999, 1}});
    CHECK(found[1] == counterd::KeptRequest{"POST /decrement\n", Rejection::sold_out});
  });
}

TEST_CASE("a store of schema 4 takes returns, tills and undos once upgraded, its history kept") {
  TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  { SqliteStore store(path); }
  // Schema 4's changes and per-minute counts, with two sales counted.
  testsupport::run_sql(
      path,
      "DROP TRIGGER changes_counted; DROP TABLE changes; DROP TABLE sales_by_minute;"
      "CREATE TABLE changes (version INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, kind "
      "TEXT NOT NULL CHECK (kind IN ('decrement', 'reset')), delta INTEGER NOT NULL, "
      "value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 1000000000));"
      "CREATE INDEX changes_by_time ON changes (at_ms);"
      "CREATE TABLE sales_by_minute (minute INTEGER PRIMARY KEY, sales INTEGER NOT NULL, "
      "resets INTEGER NOT NULL);"
      "INSERT INTO changes VALUES (1, 1000, 'decrement', -1, 999), "
      "(2, 61000, 'decrement', -1, 998);"
      "INSERT INTO sales_by_minute VALUES (0, 1, 0), (1, 1, 0);"
      "CREATE TRIGGER changes_counted AFTER INSERT ON changes BEGIN SELECT 1; END;"
      "PRAGMA user_version = 4;");
  SqliteStore upgraded(path);
  auto back = at(120'000, ChangeKind::returned, 1, {999, 3});
  back.till = "Front desk";
  upgraded.transact(1000, [&](counterd::StoreTransaction& tx) { tx.record(back); });
  CHECK(upgraded.history(0, 200'000, 10, counterd::HistoryOrder::oldest_first, "") ==
        std::vector<RecordedChange>{at(1000, ChangeKind::decrement, -1, {999, 1}),
                                    at(61'000, ChangeKind::decrement, -1, {998, 2}), back});
  const SalesQuery all{Bucket::hour, 0, 200'000, 0, ""};
  const auto report = make_sales_report(all, upgraded.count_sales(all));
  CHECK(report.sales == 2);  // counted once, not again by the move
  CHECK(report.returns == 1);
}
