// counterd backup and counterd restore, on real files beside a real counterd: a backup taken
// while sales go on restores to exactly the state it caught, Idempotency-Keys included, and a
// restore never mixes two stores up.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "http_helpers.hpp"

using namespace testsupport;
namespace fs = std::filesystem;

namespace {

httplib::Headers keyed(const std::string& key) {
  return {{"Idempotency-Key", key}};
}

// "stock V at version N" from a backup's or restore's line.
std::pair<std::int64_t, std::int64_t> stock_in(const std::string& line) {
  std::smatch m;
  REQUIRE(std::regex_search(line, m, std::regex("stock (\\d+) at version (\\d+)")));
  return {std::stoll(m[1]), std::stoll(m[2])};
}

std::string store_of(const httplib::Response& r) {
  const std::string etag = r.get_header_value("ETag");
  return etag.substr(1, etag.rfind('-') - 1);
}

}  // namespace

TEST_CASE("a backup taken while sales go on restores to exactly its state, keys included") {
  TempDir dir;
  const std::string live_dir = (dir.path() / "live").string();
  const std::string backup = (dir.path() / "counter-backup.db").string();
  CounterdProcess live({"--data-dir", live_dir});
  auto client = live.client();
  std::vector<httplib::Response> keyed_sales;
  for (int i = 0; i < 5; ++i)
    keyed_sales.push_back(
        send(client, "POST", "/decrement", "", keyed("sale-" + std::to_string(i))));
  REQUIRE(send(client, "PUT", "/reset", R"({"value":500})", kJsonManager).status == 200);

  // Sellers on the live store for the whole backup.
  std::atomic<bool> selling{true};
  std::atomic<int> sold{0};
  std::thread seller([&] {
    RawConnection c(live.port());
    while (selling) {
      const auto r = post_decrement(c);
      if (!r || r->status != 200) break;
      ++sold;
    }
  });
  while (sold < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const RunResult made = run_counterd({"backup", "--to", backup, "--data-dir", live_dir});
  const int sold_by_then = sold;
  while (sold < sold_by_then + 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  selling = false;
  seller.join();
  INFO(made.out << made.err);
  REQUIRE(made.status == 0);
  CHECK_THAT(made.out, Catch::Contains("5 answers kept under Idempotency-Keys"));
  const auto [value, version] = stock_in(made.out);
  CHECK(version > 26);  // 6 changes before, 20 sales at least while it was taken
  const auto live_state = send(client, "GET", "/counter");
  CHECK(value_of(live_state) < value);  // sales went on after it
  const auto history = send(client, "GET", "/changes?limit=10000");

  const std::string restored_dir = (dir.path() / "restored").string();
  const RunResult restored =
      run_counterd({"restore", "--from", backup, "--data-dir", restored_dir});
  INFO(restored.out << restored.err);
  REQUIRE(restored.status == 0);
  CounterdProcess again({"--data-dir", restored_dir});
  auto after = again.client();
  const auto state = send(after, "GET", "/counter");
  CHECK(value_of(state) == value);
  CHECK(state.body == R"({"value":)" + std::to_string(value) + R"(,"version":)" +
                          std::to_string(version) + R"(,"initial":1000})");
  // Its history is the live store's, cut where the backup was taken.
  const auto restored_history = send(after, "GET", "/changes?limit=10000");
  auto changes_of = [](const httplib::Response& r) {
    auto decoded = counter::decode_changes(r.body);
    REQUIRE(std::holds_alternative<std::vector<counter::RecordedChange>>(decoded));
    return std::get<std::vector<counter::RecordedChange>>(decoded);
  };
  auto expected = changes_of(history);
  expected.resize(static_cast<std::size_t>(version));
  const auto got = changes_of(restored_history);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].at_ms == expected[i].at_ms);
    CHECK(got[i].change.result == expected[i].change.result);
  }
  // A retry of a sale made before the backup is a replay, not a second sale.
  const auto retry = send(after, "POST", "/decrement", "", keyed("sale-2"));
  CHECK(retry.get_header_value("Idempotent-Replayed") == "true");
  CHECK(retry.body == keyed_sales[2].body);
  CHECK(value_of(send(after, "GET", "/counter")) == value);
  // A new line of versions: no ETag of the live store can name a state of the restored one.
  CHECK(store_of(state) != store_of(live_state));
  CHECK_THAT(restored.out, Catch::Contains("as store " + store_of(state)));
}

TEST_CASE("a restore refuses what is not a backup, a store in use, and a store that is there") {
  TempDir dir;
  const std::string a_dir = (dir.path() / "a").string(), b_dir = (dir.path() / "b").string();
  const std::string backup = (dir.path() / "a.db").string();
  {
    CounterdProcess a({"--data-dir", a_dir});
    auto client = a.client();
    REQUIRE(send(client, "PUT", "/reset", R"({"value":7})", kJsonManager).status == 200);
  }
  REQUIRE(run_counterd({"backup", "--to", backup, "--data-dir", a_dir}).status == 0);

  SECTION("a file that is not a store") {
    const std::string junk = (dir.path() / "junk.db").string();
    std::ofstream(junk) << "not a database";
    const RunResult r = run_counterd({"restore", "--from", junk, "--data-dir", b_dir});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("is not a usable counter store"));
    CHECK_FALSE(fs::exists(b_dir + "/counter.db"));
    CHECK_FALSE(fs::exists(b_dir + "/counter.db.restoring"));
  }
  SECTION("a directory a counterd serves") {
    CounterdProcess b({"--data-dir", b_dir});
    const RunResult r = run_counterd({"restore", "--from", backup, "--data-dir", b_dir});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("another counterd uses this data directory"));
    auto client = b.client();
    CHECK(value_of(send(client, "GET", "/counter")) == 1000);
  }
  SECTION("another store, unless told to move it aside") {
    {
      CounterdProcess b({"--data-dir", b_dir});
      auto client = b.client();
      REQUIRE(send(client, "POST", "/decrement").status == 200);
    }
    const RunResult refused = run_counterd({"restore", "--from", backup, "--data-dir", b_dir});
    CHECK(refused.status == 1);
    CHECK_THAT(refused.err,
               Catch::Contains("(stock 999 at version 1) already") && Catch::Contains("--replace"));
    {
      CounterdProcess b({"--data-dir", b_dir});
      auto client = b.client();
      CHECK(value_of(send(client, "GET", "/counter")) == 999);  // untouched
    }
    const RunResult replaced =
        run_counterd({"restore", "--from", backup, "--data-dir", b_dir, "--replace"});
    INFO(replaced.err);
    REQUIRE(replaced.status == 0);
    std::smatch aside;
    REQUIRE(std::regex_search(replaced.out, aside, std::regex("replaced is in (\\S+)")));
    CHECK(fs::exists(aside[1].str() + "/counter.db"));  // kept, not deleted
    CounterdProcess b({"--data-dir", b_dir});
    auto client = b.client();
    CHECK(value_of(send(client, "GET", "/counter")) == 7);
  }
}

TEST_CASE("backup and restore say what they need") {
  CHECK(run_counterd({"backup"}).err == "counterd: counterd backup needs --to FILE\n");
  CHECK(run_counterd({"restore", "--to", "x"}).status == 2);
  const RunResult postgres =
      run_counterd({"backup", "--to", "x", "--store", "postgres", "--database-url", "x"});
  CHECK(postgres.status == 2);
  CHECK_THAT(postgres.err, Catch::Contains("pg_dump"));
  TempDir dir;
  const RunResult nothing =
      run_counterd({"backup", "--to", dir.str() + "/b.db", "--data-dir", dir.str() + "/none"});
  CHECK(nothing.status == 1);
  CHECK_THAT(nothing.err, Catch::Contains("there is no store at"));
}
