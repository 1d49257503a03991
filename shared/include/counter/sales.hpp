// Sales per hour or per day: how a time range is cut into buckets that follow a wall clock.
// Pure arithmetic, shared by counterd (which asks the store to count per bucket) and the UI
// (which asks for the ranges it draws).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace counter {

enum class Bucket { hour, day };

inline constexpr std::int64_t kHourMs = 3'600'000;
inline constexpr std::int64_t kDayMs = 24 * kHourMs;
// A query may ask for at most this many buckets (1000 hours is about 6 weeks).
inline constexpr std::int64_t kMaxSalesBuckets = 1000;
// Offsets of real time zones lie within UTC-14:00 and UTC+14:00.
inline constexpr int kMaxTzOffsetMin = 14 * 60;

constexpr std::int64_t width_ms(Bucket bucket) {
  return bucket == Bucket::hour ? kHourMs : kDayMs;
}

const char* to_string(Bucket bucket);
std::optional<Bucket> bucket_from(std::string_view name);

// Time zone names (IANA, "Europe/Berlin") are at most this long and made of these characters.
inline constexpr std::size_t kMaxTzNameLength = 64;
bool is_tz_name(std::string_view name);

// GET /sales: changes with since_ms <= at_ms < until_ms, counted per bucket of a local clock:
// the time zone named `tz` (its real rules, daylight saving included), or when `tz` is empty a
// clock that is always tz_offset_min minutes ahead of UTC (60 for UTC+01:00). Buckets start on
// that clock's whole hours or midnights; the first and the last may be cut short by the range.
struct SalesQuery {
  Bucket bucket = Bucket::hour;
  std::int64_t since_ms = 0;
  std::int64_t until_ms = 0;
  int tz_offset_min = 0;
  std::string tz;

  friend bool operator==(const SalesQuery&, const SalesQuery&) = default;
};

// A local clock as the offsets it keeps: from `from_ms` on (until the next span), it is
// offset_min minutes ahead of UTC. A zone's rules become spans where the backend can read
// them (the system's zone data); a fixed offset is one span.
struct ClockSpan {
  std::int64_t from_ms = 0;
  int offset_min = 0;

  friend bool operator==(const ClockSpan&, const ClockSpan&) = default;
};
using LocalClock = std::vector<ClockSpan>;  // by from_ms; the first covers everything before

// Where the query's buckets start on `clock` (UTC ms, ascending): the first at or before
// since_ms, then each instant in (since_ms, until_ms) where the clock reaches a new hour or day,
// at most `most` + 1 of them (so a caller can tell that a range has too many). A day has 23 or
// 25 hours when the clock changes within it; an hour repeated by a change is two buckets.
std::vector<std::int64_t> bucket_starts(Bucket bucket, std::int64_t since_ms, std::int64_t until_ms,
                                        const LocalClock& clock, std::size_t most);

// Where bucket 0 starts (UTC ms): the local hour or midnight at or before since_ms.
std::int64_t first_bucket_start(const SalesQuery& query);
// How many buckets the range covers (at least 1 for a non-empty range).
std::int64_t bucket_count(const SalesQuery& query);

// What a store counts: changes in bucket `index` (0 is the one at first_bucket_start).
struct BucketCounts {
  std::int64_t index = 0;
  std::int64_t sales = 0;
  std::int64_t resets = 0;
  std::int64_t returns = 0;  // customers' returns and undone sales

  friend bool operator==(const BucketCounts&, const BucketCounts&) = default;
};

struct SalesBucket {
  std::int64_t start_ms = 0;  // UTC
  std::int64_t sales = 0;
  std::int64_t resets = 0;
  std::int64_t returns = 0;

  friend bool operator==(const SalesBucket&, const SalesBucket&) = default;
};

// The answer: every bucket of the range in order, empty ones included, and the totals.
struct SalesReport {
  SalesQuery query;
  std::int64_t sales = 0;
  std::int64_t resets = 0;
  std::vector<SalesBucket> buckets;
  std::int64_t returns = 0;

  friend bool operator==(const SalesReport&, const SalesReport&) = default;
};

// The report for `query` from the store's counts of the buckets that had changes (any order;
// indexes outside the range are ignored), on the clock of tz_offset_min.
SalesReport make_sales_report(const SalesQuery& query, const std::vector<BucketCounts>& counts);

// Counts of changes at or after `at_ms` (and before the next bucket start).
struct TimedCounts {
  std::int64_t at_ms = 0;
  std::int64_t sales = 0;
  std::int64_t resets = 0;
  std::int64_t returns = 0;
};

// The report for `query` whose buckets start at `starts` (bucket_starts), from counts each
// placed in the bucket holding its at_ms (counts outside the range are ignored).
SalesReport make_sales_report(const SalesQuery& query, const std::vector<std::int64_t>& starts,
                              const std::vector<TimedCounts>& counts);

}  // namespace counter
