// Sales per hour or per day: how a time range is cut into buckets that follow a wall clock.
// Pure arithmetic, shared by counterd (which asks the store to count per bucket) and the UI
// (which asks for the ranges it draws).
#pragma once

#include <cstdint>
#include <optional>
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

// GET /sales: changes with since_ms <= at_ms < until_ms, counted per bucket of a clock that is
// tz_offset_min minutes ahead of UTC (the browser's local time; 60 for UTC+01:00). Buckets
// start on that clock's whole hours or midnights; the first and the last may be cut short by
// the range.
struct SalesQuery {
  Bucket bucket = Bucket::hour;
  std::int64_t since_ms = 0;
  std::int64_t until_ms = 0;
  int tz_offset_min = 0;

  friend bool operator==(const SalesQuery&, const SalesQuery&) = default;
};

// Where bucket 0 starts (UTC ms): the local hour or midnight at or before since_ms.
std::int64_t first_bucket_start(const SalesQuery& query);
// How many buckets the range covers (at least 1 for a non-empty range).
std::int64_t bucket_count(const SalesQuery& query);

// What a store counts: changes in bucket `index` (0 is the one at first_bucket_start).
struct BucketCounts {
  std::int64_t index = 0;
  std::int64_t sales = 0;
  std::int64_t resets = 0;

  friend bool operator==(const BucketCounts&, const BucketCounts&) = default;
};

struct SalesBucket {
  std::int64_t start_ms = 0;  // UTC
  std::int64_t sales = 0;
  std::int64_t resets = 0;

  friend bool operator==(const SalesBucket&, const SalesBucket&) = default;
};

// The answer: every bucket of the range in order, empty ones included, and the totals.
struct SalesReport {
  SalesQuery query;
  std::int64_t sales = 0;
  std::int64_t resets = 0;
  std::vector<SalesBucket> buckets;

  friend bool operator==(const SalesReport&, const SalesReport&) = default;
};

// The report for `query` from the store's counts of the buckets that had changes (any order;
// indexes outside the range are ignored).
SalesReport make_sales_report(const SalesQuery& query, const std::vector<BucketCounts>& counts);

}  // namespace counter
