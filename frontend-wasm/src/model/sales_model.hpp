// What the sales panel shows and what it asks of the API, without ImGui, the DOM or the network:
// sales per hour over the last 24 hours (or per day over the last 14 days), the number sold
// today, and the last changes, in the browser's local time.
//
// It follows the counter: whenever the counter's version changes it asks GET /sales and
// GET /changes again (one pair of requests in flight at a time; changes meanwhile make one more
// pair afterwards). It also asks when the local hour turns, so the bars move on by themselves.
// Every time it takes or gives is Unix time in milliseconds (the wall clock).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "counter/wire.hpp"
#include "model/http_call.hpp"
#include "model/local_time.hpp"

namespace ui {

enum class SalesRange { day, fortnight };  // 24 hourly bars, or 14 daily ones

struct SalesBar {
  std::int64_t start_ms = 0;
  std::int64_t sales = 0;
  std::int64_t resets = 0;
  std::string tooltip;  // "14:00–15:00: 3 sold"
  std::string axis;     // a label under this bar, or empty
  bool today = false;   // the current hour or day
  std::int64_t returns = 0;
  friend bool operator==(const SalesBar&, const SalesBar&) = default;
};

class SalesViewModel {
 public:
  static constexpr std::size_t kRecent = 5;
  static constexpr double kRetryMs = 5000;  // after a failed read

  // `zone`: the browser's; the server cuts days and hours by its rules when it has a name.
  SalesViewModel(std::string api_base, LocalZone zone);

  // ---- what the panel shows
  bool loaded() const { return report_.has_value(); }
  SalesRange range() const { return range_; }
  std::int64_t sold_today() const;
  const std::vector<SalesBar>& bars() const { return bars_; }
  std::int64_t highest_bar() const;  // at least 1
  // "No sales yet today" when the range has no sale; empty otherwise.
  std::string empty_text() const;
  // What the chart shows instead of bars: "Loading…", that the history cannot be had while the
  // counter is offline, that there are no sales, or nothing (bars are shown).
  std::string placeholder() const;
  // Whether the counter's server is out of reach (the card's phase); the panel says so instead
  // of loading for ever, and asks again with the counter's next version once it is back.
  void set_offline(bool offline);
  // "14:02 sold one", "Yesterday 09:00 · Front desk · restocked to 500", "14:03 undid a sale",
  // newest first.
  const std::vector<std::string>& recent() const { return recent_; }
  std::string sentence() const;  // "12 sold today." for screen readers; empty before loading
  // Whether the panel is open; nothing until the card has decided it from the window's width.
  std::optional<bool> open() const { return open_; }
  void set_open(bool open);
  // Changes whenever anything the panel shows does.
  std::uint64_t revision() const { return revision_; }

  // ---- intents and inputs; each returns the requests to send
  Requests set_range(SalesRange range, double now_ms);
  // The counter's state changed (a sale, a reset, another screen's change).
  Requests on_counter_version(std::uint64_t version, double now_ms);
  // A live event: the state's version and the changes that led to it from the event before
  // (maybe none). When they follow on from what is shown, the panel takes them in without a
  // read; otherwise (a gap, no changes, a new hour) it reads the history again.
  Requests on_pushed(std::uint64_t version, const std::vector<counter::RecordedChange>& changes,
                     double now_ms);
  // How many live events were taken in without a read (for the bench and tests).
  std::uint64_t followed() const { return followed_; }
  Requests on_response(Call call, const HttpResponse& response, double now_ms);
  Requests tick(double now_ms);
  double next_tick_ms() const { return next_tick_ms_; }

 private:
  // Adds `changes` to the bars and Recent; false (nothing changed) when one falls outside the
  // bars' range.
  bool take_in(const std::vector<counter::RecordedChange>& changes);

  static constexpr std::int64_t kNoonMs = 12 * counter::kHourMs;  // into a day, whatever its length

  Requests ask(double now_ms);
  // "&tz=Europe/Berlin", or the offset now where the browser names no zone.
  std::string clock_parameter(int offset_now) const;
  void rebuild(double now_ms);

  std::string api_;
  LocalZone zone_;
  SalesRange range_ = SalesRange::day;
  std::optional<bool> open_;
  std::optional<counter::SalesReport> report_;
  bool offline_ = false;
  std::vector<counter::RecordedChange> changes_;
  std::vector<SalesBar> bars_;
  std::vector<std::string> recent_;
  std::int64_t today_start_ms_ = 0;
  std::optional<std::uint64_t> version_;
  int in_flight_ = 0;
  bool again_ = false;  // something changed while a pair was in flight
  double next_tick_ms_ = 0;
  std::uint64_t revision_ = 0;
  std::uint64_t followed_ = 0;
};

}  // namespace ui
