#include "counter/sales.hpp"

namespace counter {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

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

SalesReport make_sales_report(const SalesQuery& query, const std::vector<BucketCounts>& counts) {
  SalesReport report{query, 0, 0, {}};
  const std::int64_t start = first_bucket_start(query);
  const std::int64_t width = width_ms(query.bucket);
  const std::int64_t n = bucket_count(query);
  report.buckets.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) report.buckets.push_back({start + i * width, 0, 0});
  for (const auto& c : counts) {
    if (c.index < 0 || c.index >= n) continue;
    auto& bucket = report.buckets[static_cast<std::size_t>(c.index)];
    bucket.sales += c.sales;
    bucket.resets += c.resets;
    report.sales += c.sales;
    report.resets += c.resets;
  }
  return report;
}

}  // namespace counter
