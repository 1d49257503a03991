#include "local_time.hpp"

#include <cmath>

#include "counter/sales.hpp"

namespace ui {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t local_ms(double unix_ms, int tz_offset_min) {
  return static_cast<std::int64_t>(std::floor(unix_ms)) + std::int64_t{tz_offset_min} * 60'000;
}

}  // namespace

LocalTime local_time(double unix_ms, int tz_offset_min) {
  const std::int64_t ms = local_ms(unix_ms, tz_offset_min);
  const std::int64_t days = floor_div(ms, counter::kDayMs);
  const std::int64_t in_day = ms - days * counter::kDayMs;
  // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil, inverted).
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return LocalTime{year,
                   month,
                   day,
                   static_cast<int>(in_day / counter::kHourMs),
                   static_cast<int>(in_day % counter::kHourMs / 60'000),
                   static_cast<int>((days + 4) - floor_div(days + 4, 7) * 7)};  // 1970-01-01: Thu
}

std::int64_t local_hour_start(double unix_ms, int tz_offset_min) {
  const std::int64_t ms = local_ms(unix_ms, tz_offset_min);
  return floor_div(ms, counter::kHourMs) * counter::kHourMs - std::int64_t{tz_offset_min} * 60'000;
}

std::int64_t local_day_start(double unix_ms, int tz_offset_min) {
  const std::int64_t ms = local_ms(unix_ms, tz_offset_min);
  return floor_div(ms, counter::kDayMs) * counter::kDayMs - std::int64_t{tz_offset_min} * 60'000;
}

LocalTime local_time(double unix_ms, const LocalZone& zone) {
  return local_time(unix_ms, zone.offset_min(unix_ms));
}

std::int64_t local_day_start(double unix_ms, const LocalZone& zone) {
  const int now = zone.offset_min(unix_ms);
  const std::int64_t start = local_day_start(unix_ms, now);
  // The clock changed since midnight (23- or 25-hour days): midnight is on the earlier offset.
  const int then = zone.offset_min(static_cast<double>(start));
  if (then == now) return start;
  const std::int64_t earlier = local_day_start(unix_ms, then);
  return zone.offset_min(static_cast<double>(earlier)) == then ? earlier : start;
}

std::string two_digits(int n) {
  return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

const char* weekday_name(int weekday) {
  static const char* const names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return names[weekday];
}

const char* month_name(int month) {
  static const char* const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return names[month - 1];
}

}  // namespace ui
