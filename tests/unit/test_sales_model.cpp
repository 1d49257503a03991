// The sales panel's view-model, natively: what it asks (ranges of the browser's local time),
// what it makes of the answers (bars, sold today, the last changes), and when it asks again.
#include <catch2/catch.hpp>

#include "model/local_time.hpp"
#include "model/sales_model.hpp"

using namespace ui;

namespace {

constexpr std::int64_t kHour = counter::kHourMs;
constexpr std::int64_t kDec2 = 1'796'169'600'000;          // 2026-12-02T00:00Z, a Wednesday
constexpr double kNow = kDec2 + 13 * kHour + 30 * 60'000;  // 14:30 at UTC+01:00
constexpr int kOffset = 60;

SalesViewModel model() {
  return SalesViewModel("/api", LocalZone{"", [](double) { return kOffset; }});
}

HttpResponse ok(std::string body) {
  return {200, std::move(body), "", 0};
}

HttpResponse hourly(std::vector<counter::BucketCounts> counts) {
  const std::int64_t hour = kDec2 + 13 * kHour;  // 14:00 local
  return ok(counter::to_json(counter::make_sales_report(
      {counter::Bucket::hour, hour - 23 * kHour, hour + kHour, kOffset, ""}, counts)));
}

HttpResponse changes(std::vector<counter::RecordedChange> list) {
  return ok(counter::to_json(list));
}

counter::RecordedChange sale(std::int64_t at, std::uint64_t version) {
  return {at, {counter::ChangeKind::decrement, -1, {999, version}}};
}

}  // namespace

TEST_CASE("local time follows the asked offset") {
  const LocalTime t = local_time(kNow, kOffset);
  CHECK(t.year == 2026);
  CHECK(t.month == 12);
  CHECK(t.day == 2);
  CHECK(t.hour == 14);
  CHECK(t.minute == 30);
  CHECK(std::string(weekday_name(t.weekday)) == "Wed");
  CHECK(local_time(kDec2 - 1, 0).day == 1);
  CHECK(local_day_start(kNow, kOffset) == kDec2 - kHour);
  CHECK(local_hour_start(kNow + 600'000, -330) == kNow);  // UTC-05:30: 08:10 there
}

TEST_CASE("the panel asks for the local day's hours and the newest changes") {
  auto vm = model();
  const auto requests = vm.on_counter_version(1, kNow);
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].call == Call::sales);
  CHECK(requests[0].path ==
        "/api/sales?bucket=hour&since=1796133600000&until=1796220000000"
        "&tz_offset_min=60");
  CHECK(requests[1].call == Call::recent_changes);
  CHECK(requests[1].path == "/api/changes?order=newest&limit=5");
  CHECK(vm.next_tick_ms() == kDec2 + 14 * kHour);  // when the local hour turns
  CHECK_FALSE(vm.loaded());
  CHECK(vm.sentence().empty());
}

TEST_CASE("answers become bars, today's sales and the last changes in local time") {
  auto vm = model();
  vm.on_counter_version(1, kNow);
  vm.on_response(Call::sales, hourly({{0, 2, 0}, {8, 1, 0}, {9, 3, 1}, {23, 4, 0}}), kNow);
  vm.on_response(Call::recent_changes,
                 changes({sale(kDec2 + 13 * kHour + 2 * 60'000, 9),
                          {kDec2 - 15 * kHour, {counter::ChangeKind::reset, 0, {500, 8}}},
                          sale(kDec2 - 4 * counter::kDayMs + 10 * kHour, 7)}),
                 kNow);
  REQUIRE(vm.bars().size() == 24);
  CHECK(vm.sold_today() == 7);  // from local midnight (bar 9) on
  CHECK(vm.sentence() == "7 sold today.");
  CHECK(vm.highest_bar() == 4);
  CHECK(vm.bars()[0].tooltip ==
        "15:00\xe2\x80\x93"
        "16:00: 2 sold");
  CHECK(vm.bars()[9].tooltip ==
        "00:00\xe2\x80\x93"
        "01:00: 3 sold, 1 restock");
  CHECK(vm.bars()[9].axis == "00");
  CHECK(vm.bars()[10].axis.empty());
  CHECK(vm.bars()[23].today);
  CHECK_FALSE(vm.bars()[22].today);
  CHECK(vm.recent() == std::vector<std::string>{"14:02 sold one",
                                                "Yesterday 10:00 restocked to 500",
                                                "28 Nov 11:00 sold one"});
  CHECK(vm.empty_text().empty());
}

TEST_CASE("an empty history says so") {
  auto vm = model();
  vm.on_counter_version(1, kNow);
  vm.on_response(Call::sales, hourly({}), kNow);
  vm.on_response(Call::recent_changes, changes({}), kNow);
  CHECK(vm.empty_text() == "No sales yet today");
  CHECK(vm.sentence() == "0 sold today.");
  CHECK(vm.recent().empty());
}

TEST_CASE("every change of the counter asks again, one pair of requests at a time") {
  auto vm = model();
  vm.on_counter_version(1, kNow);
  CHECK(vm.on_counter_version(5, kNow).empty());  // a pair is in flight: after it
  CHECK(vm.on_counter_version(6, kNow).empty());
  CHECK(vm.on_response(Call::sales, hourly({}), kNow).empty());
  CHECK(vm.on_response(Call::recent_changes, changes({}), kNow).size() == 2);  // once more
  vm.on_response(Call::sales, hourly({{23, 1, 0}}), kNow);
  vm.on_response(Call::recent_changes, changes({}), kNow);
  CHECK(vm.sold_today() == 1);
  CHECK(vm.on_counter_version(6, kNow).empty());  // already shown
  CHECK(vm.on_counter_version(7, kNow).size() == 2);
}

TEST_CASE("a failed read keeps what is shown and tries again shortly") {
  auto vm = model();
  vm.on_counter_version(1, kNow);
  vm.on_response(Call::sales, hourly({{23, 3, 0}}), kNow);
  vm.on_response(Call::recent_changes, changes({}), kNow);
  vm.tick(kNow + 1);
  vm.on_counter_version(9, kNow + 10);
  vm.on_response(Call::sales, {0, "", "", 0}, kNow + 20);
  vm.on_response(Call::recent_changes, {503, "", "", 0}, kNow + 20);
  CHECK(vm.sold_today() == 3);
  CHECK(vm.next_tick_ms() == kNow + 20 + SalesViewModel::kRetryMs);
  CHECK(vm.tick(kNow + 21).empty());
  CHECK(vm.tick(kNow + 20 + SalesViewModel::kRetryMs).size() == 2);
}

TEST_CASE("the toggle switches to days and ignores a late answer for hours") {
  auto vm = model();
  vm.on_counter_version(1, kNow);
  vm.on_response(Call::sales, hourly({{23, 3, 0}}), kNow);
  vm.on_response(Call::recent_changes, changes({}), kNow);
  const auto requests = vm.set_range(SalesRange::fortnight, kNow);
  REQUIRE(requests.size() == 2);
  const std::int64_t midnight = kDec2 - kHour;
  CHECK(requests[0].path ==
        "/api/sales?bucket=day&since=" + std::to_string(midnight - 13 * counter::kDayMs) +
            "&until=" + std::to_string(midnight + counter::kDayMs) + "&tz_offset_min=60");
  CHECK_FALSE(vm.loaded());
  vm.on_response(Call::sales, hourly({{23, 3, 0}}), kNow);  // the hours, late
  CHECK_FALSE(vm.loaded());
  vm.on_response(Call::sales,
                 ok(counter::to_json(counter::make_sales_report(
                     {counter::Bucket::day, midnight - 13 * counter::kDayMs,
                      midnight + counter::kDayMs, kOffset, ""},
                     {{13, 6, 0}, {12, 2, 0}}))),
                 kNow);
  REQUIRE(vm.bars().size() == 14);
  CHECK(vm.sold_today() == 6);
  CHECK(vm.bars()[13].tooltip == "Today: 6 sold");
  CHECK(vm.bars()[12].tooltip == "Tue 1 Dec: 2 sold");
  CHECK(vm.bars()[12].axis.empty());
}

TEST_CASE("the days' axis names the month on its first label and where the month changes") {
  auto vm = model();
  vm.set_range(SalesRange::fortnight, kNow);
  const std::int64_t midnight = kDec2 - kHour;
  vm.on_response(Call::sales,
                 ok(counter::to_json(counter::make_sales_report(
                     {counter::Bucket::day, midnight - 13 * counter::kDayMs,
                      midnight + counter::kDayMs, kOffset, ""},
                     {}))),
                 kNow);
  REQUIRE(vm.bars().size() == 14);  // 19 Nov to 2 Dec, every other day labelled back from today
  std::vector<std::string> labels;
  for (const auto& bar : vm.bars())
    if (!bar.axis.empty()) labels.push_back(bar.axis);
  CHECK(labels == std::vector<std::string>{"20 Nov", "22", "24", "26", "28", "30", "2 Dec"});
}

TEST_CASE("the panel's revision moves exactly when what it shows does") {
  auto vm = model();
  const auto shown = [&] {
    std::string text = std::to_string(vm.loaded()) + std::to_string(vm.open().value_or(false)) +
                       std::to_string(static_cast<int>(vm.range())) + vm.placeholder() + "|" +
                       vm.sentence();
    for (const auto& bar : vm.bars()) text += "|" + bar.tooltip + bar.axis;
    for (const auto& line : vm.recent()) text += "|" + line;
    return text;
  };
  std::string before = shown();
  std::uint64_t revision = vm.revision();
  const auto step = [&](const char* what, auto act) {
    INFO(what);
    act();
    CHECK((shown() != before) == (vm.revision() != revision));
    before = shown();
    revision = vm.revision();
  };
  step("asked", [&] { vm.on_counter_version(1, kNow); });
  step("offline", [&] { vm.set_offline(true); });
  step("still offline", [&] { vm.set_offline(true); });
  step("online", [&] { vm.set_offline(false); });
  step("sales", [&] { vm.on_response(Call::sales, hourly({{kDec2 + 9 * kHour, 3, 0}}), kNow); });
  step("changes",
       [&] { vm.on_response(Call::recent_changes, changes({sale(kNow - 1, 1)}), kNow); });
  step("asked again", [&] { vm.on_counter_version(2, kNow + 10); });
  step("the same sales", [&] {
    vm.on_response(Call::sales, hourly({{kDec2 + 9 * kHour, 3, 0}}), kNow);
  });
  step("the same changes",
       [&] { vm.on_response(Call::recent_changes, changes({sale(kNow - 1, 1)}), kNow); });
  step("opened", [&] { vm.set_open(true); });
  step("the other range", [&] { vm.set_range(SalesRange::fortnight, kNow); });
}

// Europe/Berlin's offsets around its 2026 autumn change (25 October, 01:00 UTC).
constexpr std::int64_t kAutumn = 1'792'890'000'000;
LocalZone berlin() {
  return {"Europe/Berlin", [](double ms) { return ms < kAutumn ? 120 : 60; }};
}

TEST_CASE("with a zone name, the panel asks the server to cut days by the zone's rules") {
  SalesViewModel vm("/api", berlin());
  const double now = kAutumn + 10 * kHour;  // 11:00 CET on 25 October
  const auto requests = vm.set_range(SalesRange::fortnight, now);
  REQUIRE(requests.size() == 2);
  // From midnight on 12 October (CEST) to midnight on 26 October (CET): 14 days, one of 25 hours.
  const std::int64_t oct25 = kAutumn - 3 * kHour, oct26 = kAutumn + 22 * kHour;
  CHECK(requests[0].path ==
        "/api/sales?bucket=day&since=" + std::to_string(oct25 - 13 * counter::kDayMs) +
            "&until=" + std::to_string(oct26) + "&tz=Europe/Berlin");
  CHECK(local_day_start(now, berlin()) == oct25);
  CHECK(local_day_start(static_cast<double>(oct25 - kHour), berlin()) == oct25 - counter::kDayMs);

  // The server's days: the 25th runs 25 hours; the bars are labelled by their own offsets.
  std::vector<std::int64_t> starts;
  for (int d = 13; d >= 0; --d) starts.push_back(oct25 - d * counter::kDayMs);
  counter::SalesQuery query{counter::Bucket::day, starts.front(), oct26, 0, "Europe/Berlin"};
  vm.on_response(Call::sales,
                 ok(counter::to_json(counter::make_sales_report(
                     query, starts, {{oct25 + 24 * kHour, 4, 0}, {oct25 - kHour, 1, 0}}))),
                 now);
  REQUIRE(vm.bars().size() == 14);
  CHECK(vm.bars()[13].tooltip == "Today: 4 sold");  // 23:xx CET on the 25th is still today
  CHECK(vm.bars()[12].tooltip == "Sat 24 Oct: 1 sold");
  CHECK(vm.bars()[13].axis == "25");
  CHECK(vm.sold_today() == 4);
}

TEST_CASE("a zone name with a plus sign is sent encoded; no name sends the offset") {
  SalesViewModel gmt("/api", LocalZone{"Etc/GMT+5", [](double) { return -300; }});
  CHECK(gmt.on_counter_version(1, kNow)[0].path.find("&tz=Etc/GMT%2B5") != std::string::npos);
  CHECK(model().on_counter_version(1, kNow)[0].path.find("&tz_offset_min=60") != std::string::npos);
}

TEST_CASE("Recent names the till and tells returns and undos apart; today's count is net") {
  auto vm = model();
  vm.on_counter_version(1, kNow);
  counter::RecordedChange sold = sale(kDec2 + 13 * kHour, 1);
  sold.till = "Front desk";
  counter::RecordedChange undo{kDec2 + 13 * kHour + 60'000,
                               {counter::ChangeKind::returned, 1, {1000, 2}}};
  undo.undoes = 1;
  const counter::RecordedChange back{kDec2 + 13 * kHour + 120'000,
                                     {counter::ChangeKind::returned, 1, {1001, 3}}};
  vm.on_response(Call::recent_changes, changes({back, undo, sold}), kNow);
  CHECK(vm.recent() == std::vector<std::string>{"14:02 returned one", "14:01 undid a sale",
                                                "14:00 \xc2\xb7 Front desk \xc2\xb7 sold one"});
  counter::BucketCounts counts{23, 3, 0};
  counts.returns = 1;
  vm.on_response(Call::sales, hourly({counts}), kNow);
  CHECK(vm.sold_today() == 2);
  CHECK(vm.bars().back().tooltip ==
        "14:00\xe2\x80\x93"
        "15:00: 3 sold, 1 returned");
}

TEST_CASE("live events that follow on are taken in without a read; a gap or a new hour reads") {
  auto vm = model();
  auto first = vm.on_counter_version(1, kNow);
  REQUIRE(first.size() == 2);
  vm.on_response(Call::sales, hourly({{23, 2, 0}}), kNow);
  vm.on_response(Call::recent_changes, changes({sale(kNow - 60'000, 1)}), kNow);
  CHECK(vm.sold_today() == 2);
  // Versions 2 and 3 pushed: no request, the bars and Recent follow.
  counter::RecordedChange back{static_cast<std::int64_t>(kNow) + 2000,
                               {counter::ChangeKind::returned, 1, {999, 3}}};
  back.till = "Front desk";
  CHECK(vm.on_pushed(3, {sale(static_cast<std::int64_t>(kNow) + 1000, 2), back}, kNow).empty());
  CHECK(vm.followed() == 1);
  CHECK(vm.sold_today() == 2);  // 3 sold, 1 returned
  CHECK(vm.bars().back().tooltip ==
        "14:00\xe2\x80\x93"
        "15:00: 3 sold, 1 returned");
  REQUIRE(vm.recent().size() == 3);
  CHECK(vm.recent()[0] == "14:30 \xc2\xb7 Front desk \xc2\xb7 returned one");
  CHECK(vm.on_pushed(3, {}, kNow).empty());  // a heartbeat
  CHECK(vm.on_pushed(2, {}, kNow).empty());  // older than what is shown
  // A gap (version 5 without 4): read again.
  CHECK(vm.on_pushed(5, {sale(static_cast<std::int64_t>(kNow) + 3000, 5)}, kNow).size() == 2);
  vm.on_response(Call::sales, hourly({{23, 4, 0}}), kNow);
  vm.on_response(Call::recent_changes, changes({}), kNow);
  // No changes with a new version (a relay), or one past the bars' range (a new hour): read.
  CHECK(vm.on_pushed(6, {}, kNow).size() == 2);
  vm.on_response(Call::sales, hourly({{23, 5, 0}}), kNow);
  vm.on_response(Call::recent_changes, changes({}), kNow);
  const std::int64_t next_hour = kDec2 + 14 * kHour;
  CHECK(vm.on_pushed(7, {sale(next_hour + 1, 7)}, kNow).size() == 2);
  CHECK(vm.followed() == 1);
}
