// Wall-clock arithmetic for the sales panel: what a Unix time reads as on a clock that is
// some minutes ahead of UTC (the browser's local time), without the C library's time zones.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace ui {

struct LocalTime {
  int year, month, day;  // month 1-12
  int hour, minute;
  int weekday;  // 0 = Sunday
};

LocalTime local_time(double unix_ms, int tz_offset_min);

// The Unix time at which the local hour or day holding `unix_ms` began.
std::int64_t local_hour_start(double unix_ms, int tz_offset_min);
std::int64_t local_day_start(double unix_ms, int tz_offset_min);

// The browser's time zone: its IANA name ("Europe/Berlin"; empty when the browser names none)
// and the minutes its clock is ahead of UTC at any Unix time (daylight saving included).
struct LocalZone {
  std::string name;
  std::function<int(double)> offset_min;
};

LocalTime local_time(double unix_ms, const LocalZone& zone);
// The Unix time at which the zone's local day holding `unix_ms` began (its midnight, or where
// a change of the clock skipped it), whatever offsets the day had.
std::int64_t local_day_start(double unix_ms, const LocalZone& zone);

std::string two_digits(int n);
const char* weekday_name(int weekday);  // "Mon"
const char* month_name(int month);      // "Dec"

}  // namespace ui
