#include <catch2/catch.hpp>

#include <fstream>

#include "store/sqlite_store.hpp"
#include "support/counterd_process.hpp"

using namespace counter;
using counterd::SqliteStore;
using counterd::StoreError;
using testsupport::TempDir;
constexpr auto kOldest = counterd::HistoryOrder::oldest_first;

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

TEST_CASE("a new sqlite store starts at the initial stock, version 0") {
  TempDir dir;
  SqliteStore store(dir.str() + "/counter.db");
  CHECK(store.load(1000) == Stock{1000, 0});
  CHECK_FALSE(store.unwritable());
  CHECK(store.id().size() == 16);
}

TEST_CASE("appended changes survive closing and reopening the store") {
  TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  std::string id;
  {
    SqliteStore store(path);
    id = store.id();
    const std::vector<RecordedChange> batch{at(10, ChangeKind::decrement, -1, {999, 1}),
                                            at(11, ChangeKind::decrement, -1, {998, 2})};
    record(store, batch);
    const std::vector<RecordedChange> reset{at(12, ChangeKind::reset, 2, {1000, 3})};
    record(store, reset);
  }
  SqliteStore reopened(path);
  CHECK(reopened.load(1000) == Stock{1000, 3});
  CHECK(reopened.id() == id);
  CHECK(reopened.history(0, 100, 10, kOldest).size() == 3);
}

TEST_CASE("the initial stock applies only while nothing is recorded") {
  TempDir dir;
  SqliteStore store(dir.str() + "/counter.db");
  CHECK(store.load(50) == Stock{50, 0});
  const std::vector<RecordedChange> one{at(1, ChangeKind::decrement, -1, {49, 1})};
  record(store, one);
  CHECK(store.load(7000) == Stock{49, 1});
}

TEST_CASE("history is queried by time range, oldest first, with a limit") {
  TempDir dir;
  SqliteStore store(dir.str() + "/counter.db");
  std::vector<RecordedChange> batch;
  for (std::uint64_t v = 1; v <= 10; ++v)
    batch.push_back(at(static_cast<std::int64_t>(v) * 100, ChangeKind::decrement, -1,
                       {1000 - static_cast<std::int64_t>(v), v}));
  record(store, batch);
  const auto middle = store.history(300, 600, 100, kOldest);  // [300, 600)
  REQUIRE(middle.size() == 3);
  CHECK(middle.front() == batch[2]);
  CHECK(middle.back() == batch[4]);
  CHECK(store.history(0, 10000, 4, kOldest).size() == 4);
  CHECK(store.history(2000, 3000, 10, kOldest).empty());
}

TEST_CASE("a batch that breaks a rule is not recorded at all") {
  TempDir dir;
  SqliteStore store(dir.str() + "/counter.db");
  const std::vector<RecordedChange> good{at(1, ChangeKind::decrement, -1, {999, 1})};
  record(store, good);
  // The second change reuses version 1: the whole batch must roll back.
  const std::vector<RecordedChange> bad{at(2, ChangeKind::decrement, -1, {998, 2}),
                                        at(3, ChangeKind::decrement, -1, {997, 1})};
  CHECK_THROWS_AS(record(store, bad), StoreError);
  CHECK(store.load(1000) == Stock{999, 1});
  const std::vector<RecordedChange> next{at(4, ChangeKind::decrement, -1, {998, 2})};
  record(store, next);  // and the store goes on working
  CHECK(store.load(1000) == Stock{998, 2});
}

TEST_CASE("a transaction reads the newest recorded stock and sees its own changes") {
  TempDir dir;
  SqliteStore store(dir.str() + "/counter.db");
  record(store, {at(1, ChangeKind::decrement, -1, {999, 1})});
  store.transact(1000, [&](counterd::StoreTransaction& tx) {
    CHECK(tx.stock() == Stock{999, 1});
    tx.record(at(2, ChangeKind::reset, 1, {1000, 2}));
    CHECK(tx.stock() == Stock{1000, 2});
  });
  CHECK(store.load(1000) == Stock{1000, 2});
}

TEST_CASE("work that throws inside a transaction leaves nothing recorded") {
  TempDir dir;
  SqliteStore store(dir.str() + "/counter.db");
  CHECK_THROWS_AS(store.transact(1000,
                                 [&](counterd::StoreTransaction& tx) {
                                   tx.record(at(1, ChangeKind::decrement, -1, {999, 1}));
                                   throw std::runtime_error("the caller changed its mind");
                                 }),
                  std::runtime_error);
  CHECK(store.load(1000) == Stock{1000, 0});
  CHECK(store.history(0, 100, 10, kOldest).empty());
}

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

TEST_CASE("a kept request is committed with the change it made, or not at all") {
  TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  const counterd::KeptRequest kept{"POST /decrement\n", {200, "\"id-1\"", "{\"value\":999}"}};
  {
    SqliteStore store(path);
    CHECK_THROWS(store.transact(1000, [&](counterd::StoreTransaction& tx) {
      tx.record(at(1, ChangeKind::decrement, -1, {999, 1}));
      tx.keep("lost", kept, 1);
      throw StoreError("the disk filled up");
    }));
    store.transact(1000, [&](counterd::StoreTransaction& tx) {
      CHECK(tx.find_kept({"lost"}) ==
            std::vector<std::optional<counterd::KeptRequest>>{std::nullopt});
      tx.record(at(2, ChangeKind::decrement, -1, {999, 1}));
      tx.keep("k", kept, 2);
    });
  }
  SqliteStore reopened(path);  // kept across restarts, as the change is
  CHECK(reopened.load(1000) == Stock{999, 1});
  reopened.transact(1000, [&](counterd::StoreTransaction& tx) {
    const auto found = tx.find_kept({"k", "lost", "other"});
    REQUIRE(found.size() == 3);
    CHECK(found[0] == kept);
    CHECK_FALSE(found[1]);
    CHECK_FALSE(found[2]);
  });
}

TEST_CASE("kept requests older than a time are forgotten, a bounded number at a time") {
  TempDir dir;
  SqliteStore store(dir.str() + "/counter.db");
  store.transact(1000, [&](counterd::StoreTransaction& tx) {
    for (int i = 0; i < 10; ++i) tx.keep("k" + std::to_string(i), {"f", {200, "", "b"}}, 100 + i);
  });
  CHECK(store.forget_kept(105, 3) == 3);
  CHECK(store.forget_kept(105, 3) == 2);  // only five were older than 105
  CHECK(store.forget_kept(105, 3) == 0);
  store.transact(1000, [&](counterd::StoreTransaction& tx) {
    const auto found = tx.find_kept({"k4", "k5"});
    CHECK_FALSE(found[0]);
    CHECK(found[1]);
  });
}
