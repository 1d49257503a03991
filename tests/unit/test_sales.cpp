#include <catch2/catch.hpp>

#include "counter/sales.hpp"
#include "counter/wire.hpp"
#include "store/sqlite_store.hpp"
#include "support/counterd_process.hpp"
#include "support/sqlite_file.hpp"

using namespace counter;

namespace {

constexpr std::int64_t kBase = 1'796'083'200'000;  // 2026-12-01T00:00Z

}  // namespace

TEST_CASE("buckets start on the whole hours and midnights of the asked clock") {
  CHECK(first_bucket_start({Bucket::hour, kBase + 1, kBase + 2, 0, ""}) == kBase);
  CHECK(first_bucket_start({Bucket::hour, kBase, kBase + 1, 0, ""}) == kBase);
  CHECK(first_bucket_start({Bucket::hour, kBase, kBase + 1, 90, ""}) == kBase - 30 * 60'000);
  CHECK(first_bucket_start({Bucket::day, kBase, kBase + 1, 60, ""}) == kBase - kHourMs);
  CHECK(first_bucket_start({Bucket::day, kBase, kBase + 1, -60, ""}) == kBase - 23 * kHourMs);
  // Before 1970 on the asked clock: still the floor, not the truncation.
  CHECK(first_bucket_start({Bucket::day, 0, 1, 60, ""}) == -kHourMs);
}

TEST_CASE("a range covers every bucket it touches") {
  CHECK(bucket_count({Bucket::hour, kBase, kBase + kDayMs, 0, ""}) == 24);
  CHECK(bucket_count({Bucket::hour, kBase + 1, kBase + kDayMs, 0, ""}) == 24);
  CHECK(bucket_count({Bucket::hour, kBase + 1, kBase + kDayMs + 1, 0, ""}) == 25);
  CHECK(bucket_count({Bucket::day, kBase, kBase + 14 * kDayMs, 0, ""}) == 14);
  CHECK(bucket_count({Bucket::day, kBase, kBase, 0, ""}) == 0);
}

TEST_CASE("on a clock that changes, buckets start where it reaches a new hour or day") {
  // Europe/Berlin in 2026: +01:00, +02:00 from 29 March 01:00 UTC, +01:00 from 25 October.
  constexpr std::int64_t spring = 1'774'746'000'000, autumn = 1'792'890'000'000;
  const LocalClock berlin{{0, 60}, {spring, 120}, {autumn, 60}};
  // 28, 29 (23 hours) and 30 March, from local midnights.
  CHECK(bucket_starts(Bucket::day, spring - 26 * kHourMs, spring + 45 * kHourMs, berlin, 1000) ==
        std::vector<std::int64_t>{spring - 26 * kHourMs, spring - 2 * kHourMs,
                                  spring + 21 * kHourMs});
  // 25 October has 25 hours.
  CHECK(bucket_starts(Bucket::day, autumn - 3 * kHourMs, autumn + 23 * kHourMs, berlin, 1000) ==
        std::vector<std::int64_t>{autumn - 3 * kHourMs, autumn + 22 * kHourMs});
  // The hour from 02:00 comes twice; the one from 02:00 in spring never.
  CHECK(bucket_starts(Bucket::hour, autumn - kHourMs, autumn + kHourMs + 1, berlin, 1000) ==
        std::vector<std::int64_t>{autumn - kHourMs, autumn, autumn + kHourMs});
  CHECK(bucket_starts(Bucket::hour, spring - kHourMs, spring + kHourMs, berlin, 1000) ==
        std::vector<std::int64_t>{spring - kHourMs, spring});
  // A fixed clock is one span; a range past `most` buckets stops one after it.
  CHECK(bucket_starts(Bucket::hour, kBase + 1, kBase + 3 * kHourMs, {{0, 0}}, 1000) ==
        std::vector<std::int64_t>{kBase, kBase + kHourMs, kBase + 2 * kHourMs});
  CHECK(bucket_starts(Bucket::hour, 0, kBase, {{0, 0}}, 10).size() == 11);
}

TEST_CASE("a clock that skips its midnight starts the day where it skips") {
  // A change from +00:00 to +01:00 at midnight: that day starts at the change itself.
  constexpr std::int64_t change = kBase;
  const LocalClock clock{{0, 0}, {change, 60}};
  CHECK(bucket_starts(Bucket::day, change - kHourMs, change + kHourMs, clock, 1000) ==
        std::vector<std::int64_t>{change - kDayMs, change});
}

TEST_CASE("time zone names are checked before any zone data is read") {
  CHECK(is_tz_name("Europe/Berlin"));
  CHECK(is_tz_name("America/Argentina/Buenos_Aires"));
  CHECK(is_tz_name("Etc/GMT+5"));
  CHECK_FALSE(is_tz_name(""));
  CHECK_FALSE(is_tz_name("/etc/passwd"));
  CHECK_FALSE(is_tz_name("Europe/../../etc"));
  CHECK_FALSE(is_tz_name("Europe Berlin"));
  CHECK_FALSE(is_tz_name(std::string(65, 'A')));
}

TEST_CASE("a report lists every bucket and adds up the store's counts") {
  const SalesQuery query{Bucket::hour, kBase, kBase + 3 * kHourMs, 0, ""};
  const auto report = make_sales_report(query, {{2, 4, 1}, {0, 1, 0}, {7, 100, 0}, {2, 1, 0}});
  CHECK(report.buckets == std::vector<SalesBucket>{
                              {kBase, 1, 0}, {kBase + kHourMs, 0, 0}, {kBase + 2 * kHourMs, 5, 1}});
  CHECK(report.sales == 6);  // the bucket outside the range is not counted
  CHECK(report.resets == 1);
}

TEST_CASE("the sales report's JSON reads back as it was written") {
  const SalesQuery query{Bucket::day, kBase, kBase + 2 * kDayMs, -300, ""};
  const auto report = make_sales_report(query, {{1, 3, 1}});
  const std::string json = to_json(report);
  CHECK(json.rfind(R"({"bucket":"day","since":1796083200000,"until":1796256000000,)"
                   R"("tz_offset_min":-300,"sales":3,"resets":1,"returns":0,"buckets":[{"start":)",
                   0) == 0);
  const auto decoded = decode_sales_report(json);
  REQUIRE(std::holds_alternative<SalesReport>(decoded));
  CHECK(std::get<SalesReport>(decoded) == report);
  CHECK(std::holds_alternative<DecodeError>(decode_sales_report(R"({"bucket":"week"})")));
  SalesQuery zoned = query;
  zoned.tz = "Europe/Berlin";
  zoned.tz_offset_min = 0;
  const auto named = make_sales_report(zoned, {}, {});
  CHECK(to_json(named).find(R"("tz":"Europe/Berlin")") != std::string::npos);
  CHECK(to_json(named).find("tz_offset_min") == std::string::npos);
  CHECK(std::get<SalesReport>(decode_sales_report(to_json(named))) == named);
  CHECK(std::holds_alternative<DecodeError>(
      decode_sales_report(R"({"bucket":"hour","since":0,"until":1,"tz_offset_min":0,)"
                          R"("sales":0,"resets":0,"buckets":[1]})")));
}

TEST_CASE("the change history's JSON reads back as it was written") {
  const std::vector<RecordedChange> changes{{kBase, Change{ChangeKind::decrement, -1, {999, 1}}},
                                            {kBase + 5, Change{ChangeKind::reset, 501, {1500, 2}}}};
  const auto decoded = decode_changes(to_json(changes));
  REQUIRE(std::holds_alternative<std::vector<RecordedChange>>(decoded));
  CHECK(std::get<std::vector<RecordedChange>>(decoded) == changes);
  CHECK(std::holds_alternative<DecodeError>(decode_changes(R"({"changes":{}})")));
  CHECK(std::holds_alternative<DecodeError>(decode_changes(
      R"({"changes":[{"at_ms":1,"kind":"sold","delta":-1,"value":1,"version":1}]})")));
}

TEST_CASE("a SQLite store of schema 2 counts its earlier sales once upgraded") {
  testsupport::TempDir dir;
  const std::string path = dir.str() + "/counter.db";
  const SalesQuery day{Bucket::day, 0, 2 * kDayMs, 0, ""};
  {
    counterd::SqliteStore store(path);
    store.transact(1000, [](counterd::StoreTransaction& tx) {
      tx.record({1000, {ChangeKind::decrement, -1, {999, 1}}});
      tx.record({kDayMs + 5, {ChangeKind::decrement, -1, {998, 2}}});
    });
  }
  testsupport::run_sql(path,
                       "DROP TRIGGER changes_counted; DROP TABLE sales_by_minute; "
                       "PRAGMA user_version = 2");
  counterd::SqliteStore upgraded(path);
  const auto report = make_sales_report(day, upgraded.count_sales(day));
  CHECK(report.sales == 2);
  CHECK(report.buckets[1].sales == 1);
}
