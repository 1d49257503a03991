// The history half of the store contract — newest-first reads and sales counted per bucket —
// checked the same way on every store (SQLite and memory in the unit tests, PostgreSQL in
// its own).
#pragma once

#include <catch2/catch.hpp>

#include "counter/sales.hpp"
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
    const SalesQuery query{bucket, since, until, offset};
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
    const auto newest = store.history(0, base * 2, 2, counterd::HistoryOrder::newest_first);
    CHECK(newest == std::vector<RecordedChange>{changes[4], changes[3]});
    const auto oldest = store.history(0, base * 2, 2, counterd::HistoryOrder::oldest_first);
    CHECK(oldest == std::vector<RecordedChange>{changes[0], changes[1]});
  }
}

}  // namespace testsupport
