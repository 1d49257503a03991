#include "time_zones.hpp"

#include <date/tz.h>

#include <chrono>
#include <exception>
#include <string>

namespace counterd {

namespace {

// More changes than any zone makes within the longest range GET /sales allows (1000 days).
constexpr std::size_t kMostSpans = 4096;

}  // namespace

std::optional<counter::LocalClock> zone_clock(std::string_view name, std::int64_t from_ms,
                                              std::int64_t until_ms) {
  using namespace std::chrono;
  if (!counter::is_tz_name(name)) return std::nullopt;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(std::string(name));
  } catch (const std::exception&) {  // no such zone, or no zone data at all
    return std::nullopt;
  }
  counter::LocalClock clock;
  auto at = date::floor<seconds>(date::sys_time<milliseconds>(milliseconds(from_ms)));
  const auto until = date::sys_time<milliseconds>(milliseconds(until_ms));
  while (clock.size() < kMostSpans) {
    const date::sys_info info = zone->get_info(at);
    const std::int64_t starts_ms =
        clock.empty() ? from_ms
                      : duration_cast<milliseconds>(info.begin.time_since_epoch()).count();
    clock.push_back({starts_ms, static_cast<int>(duration_cast<minutes>(info.offset).count())});
    if (info.end >= until || info.end <= at) break;
    at = info.end;
  }
  return clock;
}

}  // namespace counterd
