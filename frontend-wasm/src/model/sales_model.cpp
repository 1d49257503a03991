#include "sales_model.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "model/local_time.hpp"

namespace ui {

namespace {

std::string clock(const LocalTime& t) {
  return two_digits(t.hour) + ":" + two_digits(t.minute);
}

std::string date(const LocalTime& t) {
  return std::string(weekday_name(t.weekday)) + " " + std::to_string(t.day) + " " +
         month_name(t.month);
}

std::string sold(std::int64_t n) {
  return std::to_string(n) + " sold";
}

std::string restocks(std::int64_t n) {
  return std::to_string(n) + (n == 1 ? " restock" : " restocks");
}

// "sold one", "restocked to 500", "returned one", "undid a sale".
std::string what(const counter::RecordedChange& c) {
  switch (c.change.kind) {
    case counter::ChangeKind::decrement:
      return "sold one";
    case counter::ChangeKind::reset:
      return "restocked to " + std::to_string(c.change.result.value);
    case counter::ChangeKind::returned:
      break;
  }
  return c.undoes ? "undid a sale" : "returned one";
}

}  // namespace

std::string SalesViewModel::clock_parameter(int offset_now) const {
  if (zone_.name.empty() || !counter::is_tz_name(zone_.name))
    return "&tz_offset_min=" + std::to_string(offset_now);
  std::string name;
  for (const char c : zone_.name) name += c == '+' ? std::string("%2B") : std::string(1, c);
  return "&tz=" + name;
}

SalesViewModel::SalesViewModel(std::string api_base, LocalZone zone)
    : api_(std::move(api_base)), zone_(std::move(zone)) {}

std::int64_t SalesViewModel::sold_today() const {
  std::int64_t n = 0;
  // Net of returns: an undone mis-tap was not a sale.
  for (const auto& bar : bars_)
    if (bar.start_ms >= today_start_ms_) n += bar.sales - bar.returns;
  return std::max<std::int64_t>(0, n);
}

std::int64_t SalesViewModel::highest_bar() const {
  std::int64_t highest = 1;
  for (const auto& bar : bars_) highest = std::max(highest, bar.sales);
  return highest;
}

std::string SalesViewModel::empty_text() const {
  if (!report_ || report_->sales > 0) return "";
  return range_ == SalesRange::day ? "No sales yet today" : "No sales in the last 14 days";
}

std::string SalesViewModel::placeholder() const {
  if (report_) return empty_text();
  return offline_ ? "Sales history unavailable offline" : "Loading\xe2\x80\xa6";
}

std::string SalesViewModel::sentence() const {
  return report_ ? std::to_string(sold_today()) + " sold today." : "";
}

void SalesViewModel::set_offline(bool offline) {
  if (offline == offline_) return;
  offline_ = offline;
  ++revision_;
}

void SalesViewModel::set_open(bool open) {
  if (open_ == open) return;
  open_ = open;
  ++revision_;
}

Requests SalesViewModel::set_range(SalesRange range, double now_ms) {
  if (range == range_) return {};
  range_ = range;
  ++revision_;
  report_.reset();  // the other range's bars are not these
  bars_.clear();
  return ask(now_ms);
}

Requests SalesViewModel::on_counter_version(std::uint64_t version, double now_ms) {
  if (version_ == version) return {};
  version_ = version;
  return ask(now_ms);
}

Requests SalesViewModel::on_pushed(std::uint64_t version,
                                   const std::vector<counter::RecordedChange>& changes,
                                   double now_ms) {
  if (version_ && version <= *version_) return {};  // known, or older than what is shown
  const bool follows = version_ && report_ && in_flight_ == 0 && !changes.empty() &&
                       changes.front().change.result.version == *version_ + 1 &&
                       changes.back().change.result.version == version &&
                       changes.size() == version - *version_;
  if (follows && take_in(changes)) {
    version_ = version;
    ++followed_;
    rebuild(now_ms);
    return {};
  }
  version_ = version;
  return ask(now_ms);
}

bool SalesViewModel::take_in(const std::vector<counter::RecordedChange>& changes) {
  auto& buckets = report_->buckets;
  const auto bucket_of = [&](std::int64_t at_ms) -> counter::SalesBucket* {
    if (at_ms < report_->query.since_ms || at_ms >= report_->query.until_ms) return nullptr;
    const auto after = std::upper_bound(
        buckets.begin(), buckets.end(), at_ms,
        [](std::int64_t at, const counter::SalesBucket& b) { return at < b.start_ms; });
    return after == buckets.begin() ? nullptr : &*(after - 1);
  };
  for (const auto& c : changes)
    if (!bucket_of(c.at_ms)) return false;  // a new hour: the bars move on by a read
  for (const auto& c : changes) {
    counter::SalesBucket& b = *bucket_of(c.at_ms);
    auto [bucket_count, total] =
        c.change.kind == counter::ChangeKind::decrement ? std::tie(b.sales, report_->sales)
        : c.change.kind == counter::ChangeKind::reset   ? std::tie(b.resets, report_->resets)
                                                        : std::tie(b.returns, report_->returns);
    ++bucket_count;
    ++total;
    changes_.insert(changes_.begin(), c);  // Recent is newest first
  }
  if (changes_.size() > kRecent) changes_.resize(kRecent);
  return true;
}

Requests SalesViewModel::tick(double now_ms) {
  if (now_ms < next_tick_ms_) return {};
  return ask(now_ms);
}

Requests SalesViewModel::ask(double now_ms) {
  if (in_flight_ > 0) {
    again_ = true;
    return {};
  }
  const int offset = zone_.offset_min(now_ms);
  std::int64_t since = 0, until = 0;
  const std::int64_t hour = local_hour_start(now_ms, offset);
  if (range_ == SalesRange::day) {
    since = hour - 23 * counter::kHourMs;
    until = hour + counter::kHourMs;
  } else {
    // Midnights found from noons: a day may have 23 or 25 hours.
    const std::int64_t today = local_day_start(now_ms, zone_);
    since = local_day_start(static_cast<double>(today - 13 * counter::kDayMs + kNoonMs), zone_);
    until = local_day_start(static_cast<double>(today + counter::kDayMs + kNoonMs), zone_);
  }
  // The bars move on when the local hour turns (and "today" when the day does).
  next_tick_ms_ = static_cast<double>(hour + counter::kHourMs);
  in_flight_ = 2;
  again_ = false;
  return {HttpRequest{Call::sales,
                      "GET",
                      api_ + "/sales?bucket=" + (range_ == SalesRange::day ? "hour" : "day") +
                          "&since=" + std::to_string(since) + "&until=" + std::to_string(until) +
                          clock_parameter(offset),
                      "",
                      {}},
          HttpRequest{Call::recent_changes,
                      "GET",
                      api_ + "/changes?order=newest&limit=" + std::to_string(kRecent),
                      "",
                      {}}};
}

Requests SalesViewModel::on_response(Call call, const HttpResponse& response, double now_ms) {
  in_flight_ = std::max(0, in_flight_ - 1);
  const bool was_loaded = loaded();
  bool read = false;
  if (call == Call::sales) {
    auto decoded = counter::decode_sales_report(response.body);
    if (auto* report = std::get_if<counter::SalesReport>(&decoded);
        report && response.status == 200) {
      // An answer for the range shown before a toggle is not this range's.
      const bool hourly = report->query.bucket == counter::Bucket::hour;
      if (hourly == (range_ == SalesRange::day)) report_ = std::move(*report);
      read = true;
    }
  } else if (call == Call::recent_changes) {
    auto decoded = counter::decode_changes(response.body);
    if (auto* changes = std::get_if<std::vector<counter::RecordedChange>>(&decoded);
        changes && response.status == 200) {
      changes_ = std::move(*changes);
      read = true;
    }
  }
  // Kept as they were when a read fails (offline): tried again shortly, or at the next change.
  if (!read) next_tick_ms_ = std::min(next_tick_ms_, now_ms + kRetryMs);
  rebuild(now_ms);
  if (loaded() != was_loaded) ++revision_;
  if (in_flight_ == 0 && again_) return ask(now_ms);
  return {};
}

void SalesViewModel::rebuild(double now_ms) {
  today_start_ms_ = local_day_start(now_ms, zone_);
  const std::int64_t yesterday_start =
      local_day_start(static_cast<double>(today_start_ms_ - kNoonMs), zone_);
  const LocalTime today = local_time(now_ms, zone_);
  const auto bars_before = std::exchange(bars_, {});
  const auto recent_before = std::exchange(recent_, {});
  if (report_) {
    const bool hourly = range_ == SalesRange::day;
    const auto& buckets = report_->buckets;
    int labelled_month = 0;  // the month of the last day label
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      const auto& b = buckets[i];
      const LocalTime t = local_time(static_cast<double>(b.start_ms), zone_);
      // Buckets are as long as the server's clock made them (a day of 23 or 25 hours).
      const std::int64_t end_ms = i + 1 < buckets.size()
                                      ? buckets[i + 1].start_ms
                                      : std::max(report_->query.until_ms, b.start_ms + 1);
      SalesBar bar{b.start_ms, b.sales, b.resets, "", "", false, b.returns};
      bar.today = now_ms >= static_cast<double>(b.start_ms) && now_ms < static_cast<double>(end_ms);
      if (hourly) {
        const LocalTime end = local_time(static_cast<double>(end_ms), zone_);
        bar.tooltip =
            two_digits(t.hour) + ":00\xe2\x80\x93" + two_digits(end.hour) + ":00: " + sold(b.sales);
        if (t.hour % 6 == 0) bar.axis = two_digits(t.hour);
      } else {
        bar.tooltip = (bar.today ? std::string("Today") : date(t)) + ": " + sold(b.sales);
        // Every other day, counted back from today, so today always has its label; the month
        // on the first label and wherever it changes ("28, 30, 2 Dec").
        if ((buckets.size() - 1 - i) % 2 == 0) {
          bar.axis = std::to_string(t.day);
          if (t.month != labelled_month) bar.axis += std::string(" ") + month_name(t.month);
          labelled_month = t.month;
        }
      }
      if (b.returns > 0) bar.tooltip += ", " + std::to_string(b.returns) + " returned";
      if (b.resets > 0) bar.tooltip += ", " + restocks(b.resets);
      bars_.push_back(std::move(bar));
    }
  }
  for (const auto& c : changes_) {
    const LocalTime t = local_time(static_cast<double>(c.at_ms), zone_);
    const std::int64_t day = local_day_start(static_cast<double>(c.at_ms), zone_);
    std::string when = clock(t);
    if (day == yesterday_start)
      when = "Yesterday " + when;
    else if (day != today_start_ms_)
      when = std::to_string(t.day) + " " + month_name(t.month) +
             (t.year != today.year ? " " + std::to_string(t.year) : "") + " " + when;
    if (!c.till.empty()) when += " \xc2\xb7 " + c.till + " \xc2\xb7";
    recent_.push_back(when + " " + what(c));
  }
  if (bars_ != bars_before || recent_ != recent_before) ++revision_;
}

}  // namespace ui
