// How the durable stores count sales fast over millions of changes: the database keeps counts
// per minute with every insert (a trigger), whole minutes are read from those, and only the
// minutes that the range cuts at its two ends are counted from the changes themselves. Every
// time zone's offset is whole minutes, so every bucket is made of whole minutes.
#pragma once

#include <algorithm>
#include <cstdint>

#include "counter/sales.hpp"

namespace counterd {

inline constexpr std::int64_t kMinuteMs = 60'000;

struct SalesPlan {
  std::int64_t first_ms = 0, width_ms = 0;      // bucket i starts at first_ms + i * width_ms
  std::int64_t from_minute = 0, to_minute = 0;  // whole minutes [from, to), from the counts
  std::int64_t head_from = 0, head_to = 0;      // changes counted one by one: [from, to)
  std::int64_t tail_from = 0, tail_to = 0;
};

// Needs 0 <= since_ms (the stores' times are after 1970), so every division here is a floor.
inline SalesPlan plan_sales(const counter::SalesQuery& q) {
  SalesPlan plan;
  plan.first_ms = counter::first_bucket_start(q);
  plan.width_ms = counter::width_ms(q.bucket);
  plan.from_minute = (q.since_ms + kMinuteMs - 1) / kMinuteMs;
  plan.to_minute = std::max(plan.from_minute, q.until_ms / kMinuteMs);
  plan.head_from = q.since_ms;
  plan.head_to = std::min(q.until_ms, plan.from_minute * kMinuteMs);
  plan.tail_from = std::max(plan.head_to, plan.to_minute * kMinuteMs);
  plan.tail_to = q.until_ms;
  return plan;
}

}  // namespace counterd
