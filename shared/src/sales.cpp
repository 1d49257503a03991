#include "counter/sales.hpp"

#include <algorithm>

namespace counter {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// The time a clock `offset_min` ahead of UTC shows at `utc_ms`, as ms since its 1970.
std::int64_t local_ms(std::int64_t utc_ms, int offset_min) {
  return utc_ms + std::int64_t{offset_min} * 60'000;
}

}  // namespace

bool is_tz_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxTzNameLength) return false;
  for (const char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return name.front() != '/' && name.find("..") == std::string_view::npos;
}

const char* to_string(Bucket bucket) {
  return bucket == Bucket::hour ? "hour" : "day";
}

std::optional<Bucket> bucket_from(std::string_view name) {
  if (name == "hour") return Bucket::hour;
  if (name == "day") return Bucket::day;
  return std::nullopt;
}

std::int64_t first_bucket_start(const SalesQuery& query) {
  const std::int64_t offset = std::int64_t{query.tz_offset_min} * 60'000;
  const std::int64_t width = width_ms(query.bucket);
  return floor_div(query.since_ms + offset, width) * width - offset;
}

std::int64_t bucket_count(const SalesQuery& query) {
  if (query.until_ms <= query.since_ms) return 0;
  const std::int64_t width = width_ms(query.bucket);
  return floor_div(query.until_ms - first_bucket_start(query) + width - 1, width);
}

std::vector<std::int64_t> bucket_starts(Bucket bucket, std::int64_t since_ms, std::int64_t until_ms,
                                        const LocalClock& clock, std::size_t most) {
  const std::int64_t width = width_ms(bucket);
  // A bucket starts where the clock shows a whole hour (midnight), or where a change of the
  // clock skips past one. Looking from three buckets before `since` finds the one holding it,
  // however the clock changed in between.
  const std::int64_t look_from = since_ms - 3 * width;
  std::vector<std::int64_t> starts;
  std::size_t after_since = 0;
  auto add = [&](std::int64_t t) {
    if (t > since_ms) ++after_since;
    if (starts.empty() || starts.back() != t) starts.push_back(t);
  };
  for (std::size_t i = 0; i < clock.size() && after_since < most; ++i) {
    const std::int64_t from = i == 0 ? look_from : std::max(look_from, clock[i].from_ms);
    const std::int64_t to =
        i + 1 < clock.size() ? std::min(until_ms, clock[i + 1].from_ms) : until_ms;
    if (from >= to) continue;
    const int offset = clock[i].offset_min;
    if (i > 0 && from == clock[i].from_ms &&
        floor_div(local_ms(from, offset), width) !=
            floor_div(local_ms(from - 1, clock[i - 1].offset_min), width))
      add(from);
    for (std::int64_t t = (floor_div(local_ms(from, offset) - 1, width) + 1) * width -
                          std::int64_t{offset} * 60'000;
         t < to && after_since < most; t += width)
      add(t);
  }
  // The last start at or before `since` is the first bucket's.
  const auto first = std::upper_bound(starts.begin(), starts.end(), since_ms);
  if (first != starts.begin()) starts.erase(starts.begin(), first - 1);
  return starts;
}

SalesReport make_sales_report(const SalesQuery& query, const std::vector<BucketCounts>& counts) {
  const std::int64_t start = first_bucket_start(query);
  const std::int64_t width = width_ms(query.bucket);
  const std::int64_t n = bucket_count(query);
  std::vector<std::int64_t> starts;
  for (std::int64_t i = 0; i < n; ++i) starts.push_back(start + i * width);
  std::vector<TimedCounts> timed;
  for (const auto& c : counts)
    if (c.index >= 0 && c.index < n)
      timed.push_back({start + c.index * width, c.sales, c.resets, c.returns});
  return make_sales_report(query, starts, timed);
}

SalesReport make_sales_report(const SalesQuery& query, const std::vector<std::int64_t>& starts,
                              const std::vector<TimedCounts>& counts) {
  SalesReport report{query, 0, 0, {}};
  report.buckets.reserve(starts.size());
  for (const std::int64_t start : starts) report.buckets.push_back({start, 0, 0, 0});
  for (const auto& c : counts) {
    const auto after = std::upper_bound(starts.begin(), starts.end(), c.at_ms);
    if (after == starts.begin() || c.at_ms >= query.until_ms) continue;
    auto& bucket = report.buckets[static_cast<std::size_t>(after - starts.begin() - 1)];
    bucket.sales += c.sales;
    bucket.resets += c.resets;
    bucket.returns += c.returns;
    report.sales += c.sales;
    report.resets += c.resets;
    report.returns += c.returns;
  }
  return report;
}

}  // namespace counter
