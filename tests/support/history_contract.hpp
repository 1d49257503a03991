// The history half of the store contract — newest-first reads and sales counted per bucket —
// checked the same way on every store (SQLite and memory in the unit tests, PostgreSQL in
// its own).
#pragma once

#include <catch2/catch.hpp>

#include <date/date.h>

#include <chrono>

#include "counter/sales.hpp"
#include "service/history_reads.hpp"
#include "service/time_zones.hpp"
#include "store/store.hpp"

namespace testsupport {

inline void check_history_contract(counterd::Store& store) {
  using namespace counter;
  constexpr std::int64_t base = 1'796'083'200'000;  // 2026-12-01T00:00Z
  constexpr std::int64_t minute = 60'000;
  auto change = [](std::int64_t at, ChangeKind kind, std::int64_t value, std::uint64_t version) {
    return RecordedChange{at, Change{kind, kind == ChangeKind::reset ? 0 : -1, {value, version}}};
  };
  const std::vector<RecordedChange> changes{
      change(base + 10 * minute, ChangeKind::decrement, 999, 1),
      change(base + 20 * minute, ChangeKind::decrement, 998, 2),
      change(base + 65 * minute, ChangeKind::decrement, 997, 3),
      change(base + 90 * minute, ChangeKind::reset, 500, 4),
      change(base + 25 * 60 * minute, ChangeKind::decrement, 499, 5)};
  store.transact(1000, [&](counterd::StoreTransaction& tx) {
    for (const auto& c : changes) tx.record(c);
  });
  auto report = [&](Bucket bucket, std::int64_t since, std::int64_t until, int offset) {
    const SalesQuery query{bucket, since, until, offset, ""};
    return make_sales_report(query, store.count_sales(query));
  };
  auto counts = [](const SalesReport& r) {
    std::vector<std::pair<std::int64_t, std::int64_t>> found;
    for (const auto& b : r.buckets) found.emplace_back(b.sales, b.resets);
    return found;
  };
  using Counts = std::vector<std::pair<std::int64_t, std::int64_t>>;

  SECTION("hours of UTC") {
    const auto r = report(Bucket::hour, base, base + 2 * 60 * minute, 0);
    CHECK(counts(r) == Counts{{2, 0}, {1, 1}});
    CHECK(r.buckets[1].start_ms == base + 60 * minute);
    CHECK(r.sales == 3);
    CHECK(r.resets == 1);
  }
  SECTION("hours of a clock 30 minutes ahead of UTC start on its whole hours") {
    const auto r = report(Bucket::hour, base, base + 2 * 60 * minute, 30);
    REQUIRE(r.buckets.size() == 3);
    CHECK(r.buckets[0].start_ms == base - 30 * minute);
    CHECK(counts(r) == Counts{{2, 0}, {1, 0}, {0, 1}});
  }
  SECTION("the range cuts the first bucket: changes before `since` are not counted") {
    CHECK(counts(report(Bucket::hour, base + 15 * minute, base + 60 * minute, 0)) ==
          Counts{{1, 0}});
  }
  SECTION("days of a clock 5 hours behind UTC start at its midnights") {
    const auto r = report(Bucket::day, base, base + 2 * 24 * 60 * minute, -300);
    REQUIRE(r.buckets.size() == 3);
    CHECK(r.buckets[0].start_ms == base - 19 * 60 * minute);
    CHECK(counts(r) == Counts{{3, 1}, {1, 0}, {0, 0}});
  }
  SECTION("an empty range of the history has every bucket, all zero") {
    const auto r = report(Bucket::hour, base - 24 * 60 * minute, base, 0);
    CHECK(r.buckets.size() == 24);
    CHECK(r.sales == 0);
  }
  SECTION("the newest changes come newest first, limited") {
    const auto newest = store.history(0, base * 2, 2, counterd::HistoryOrder::newest_first, "");
    CHECK(newest == std::vector<RecordedChange>{changes[4], changes[3]});
    const auto oldest = store.history(0, base * 2, 2, counterd::HistoryOrder::oldest_first, "");
    CHECK(oldest == std::vector<RecordedChange>{changes[0], changes[1]});
  }
}

// Sales per day and hour of named zones, across the 2026 changes of the European and North
// American clocks: days of 23 and 25 hours, an hour that comes twice. Counted on `store` as
// GET /sales counts them (counterd::count_sales, the zone read from the system's data).
inline void check_zoned_sales_contract(counterd::Store& store) {
  using namespace counter;
  using namespace std::chrono;
  using date::sys_days;
  auto ms = [](sys_days day, minutes at) {
    return duration_cast<milliseconds>((day + at).time_since_epoch()).count();
  };
  const sys_days mar28 = date::year{2026} / 3 / 28, mar29 = mar28 + date::days{1},
                 mar30 = mar29 + date::days{1}, mar31 = mar30 + date::days{1};
  const sys_days oct24 = date::year{2026} / 10 / 24, oct25 = oct24 + date::days{1},
                 oct26 = oct25 + date::days{1};
  const sys_days nov1 = date::year{2026} / 11 / 1, nov2 = nov1 + date::days{1};
  const sys_days mar8 = date::year{2026} / 3 / 8, mar9 = mar8 + date::days{1};
  const std::vector<std::int64_t> sold_at{
      ms(mar8, 4h + 30min),    // New York: 23:30 on 7 March (EST)
      ms(mar8, 6h + 30min),    // 01:30 on the 8th (EST)
      ms(mar8, 7h + 30min),    // 03:30 on the 8th (EDT: 02:00 was skipped)
      ms(mar28, 12h),          // Berlin: noon on 28 March (CET)
      ms(mar29, 30min),        // 01:30 on the 29th (CET)
      ms(mar29, 1h + 30min),   // 03:30 on the 29th (CEST: 02:00 was skipped)
      ms(mar29, 21h + 30min),  // 23:30 on the 29th
      ms(mar29, 22h + 30min),  // 00:30 on the 30th
      ms(oct25, 30min),        // 02:30 on 25 October, the first time (CEST)
      ms(oct25, 1h + 30min),   // 02:30 again (CET)
      ms(oct25, 22h + 30min),  // 23:30 on the 25th (CET)
      ms(nov1, 5h + 30min),    // New York: 01:30 on 1 November, the first time (EDT)
      ms(nov1, 6h + 30min),    // 01:30 again (EST)
      ms(nov2, 4h + 30min)};   // 23:30 on the 1st (EST)
  store.transact(1000, [&](counterd::StoreTransaction& tx) {
    std::uint64_t version = 0;
    for (const std::int64_t at : sold_at) {
      ++version;
      tx.record({at, Change{ChangeKind::decrement,
                            -1,
                            {1000 - static_cast<std::int64_t>(version), version}}});
    }
  });
  using Bar = std::pair<std::int64_t, std::int64_t>;  // a bucket's start and its sales
  auto bars = [&](const char* zone, Bucket bucket, std::int64_t since, std::int64_t until) {
    const auto clock = counterd::zone_clock(zone, since - 3 * width_ms(bucket), until);
    REQUIRE(clock);
    const auto report =
        counterd::count_sales(store, SalesQuery{bucket, since, until, 0, zone}, *clock);
    std::vector<Bar> found;
    for (const auto& b : report.buckets) found.emplace_back(b.start_ms, b.sales);
    return found;
  };
  using Bars = std::vector<Bar>;

  SECTION("Berlin's spring day has 23 hours, and a sale at 00:30 after it is the next day's") {
    CHECK(bars("Europe/Berlin", Bucket::day, ms(mar28, -1h), ms(mar31, -2h)) ==
          Bars{{ms(mar28, -1h), 1}, {ms(mar29, -1h), 3}, {ms(mar30, -2h), 1}});
  }
  SECTION("Berlin's autumn day has 25 hours") {
    CHECK(bars("Europe/Berlin", Bucket::day, ms(oct25, -2h), ms(oct26, 23h)) ==
          Bars{{ms(oct25, -2h), 3}, {ms(oct25, 23h), 0}});
  }
  SECTION("Berlin's hour from 02:00 comes twice in autumn, each a bucket of its own") {
    CHECK(bars("Europe/Berlin", Bucket::hour, ms(oct25, 0h), ms(oct25, 2h)) ==
          Bars{{ms(oct25, 0h), 1}, {ms(oct25, 1h), 1}});
  }
  SECTION("New York's spring day has 23 hours; its autumn day 25") {
    CHECK(bars("America/New_York", Bucket::day, ms(mar8, 0h), ms(mar9, 4h)) ==
          Bars{{ms(mar8, -19h), 1}, {ms(mar8, 5h), 2}});
    CHECK(bars("America/New_York", Bucket::day, ms(nov1, 4h), ms(nov2, 5h)) ==
          Bars{{ms(nov1, 4h), 3}});
  }
  SECTION("a fixed offset still cuts at its own midnights, as tz_offset_min asks") {
    const counter::SalesQuery fixed{Bucket::day, ms(mar29, -1h), ms(mar31, -1h), 60, ""};
    const auto report = counterd::count_sales(store, fixed, {{0, 60}});
    REQUIRE(report.buckets.size() == 2);
    CHECK(report.buckets[0].sales == 4);  // 00:30 CEST on the 30th is 23:30 on the 29th at +1
  }
}

}  // namespace testsupport
