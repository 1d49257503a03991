// GET /sales and GET /changes?order=newest over real HTTP: counts per bucket of the asked
// clock, every bucket present, parameters checked and named when wrong.
#include "http_helpers.hpp"

using namespace testsupport;

namespace {

counter::SalesReport report_of(const httplib::Response& r) {
  REQUIRE(r.status == 200);
  CHECK(r.get_header_value("Content-Type") == "application/json");
  auto decoded = counter::decode_sales_report(r.body);
  REQUIRE(std::holds_alternative<counter::SalesReport>(decoded));
  return std::get<counter::SalesReport>(decoded);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string malformed(const std::string& detail) {
  return problem_json("malformed-request", "Malformed request", 400, detail);
}

}  // namespace

TEST_CASE("GET /sales counts today's sales and resets per hour, every hour listed") {
  Server s;
  for (int i = 0; i < 3; ++i) REQUIRE(send(s.client, "POST", "/decrement").status == 200);
  REQUIRE(send(s.client, "PUT", "/reset", R"({"value":10})", kJsonManager).status == 200);
  const std::int64_t after = now_ms();

  const auto day = report_of(send(s.client, "GET", "/sales"));
  CHECK(day.query.bucket == counter::Bucket::hour);
  CHECK(day.query.until_ms - day.query.since_ms == counter::kDayMs);
  CHECK(day.query.until_ms >= after);
  CHECK(day.sales == 3);
  CHECK(day.resets == 1);
  CHECK((day.buckets.size() == 24 || day.buckets.size() == 25));
  CHECK(day.buckets.back().sales == 3);  // the hour that holds now

  const auto fortnight = report_of(send(s.client, "GET", "/sales?bucket=day&tz_offset_min=-300"));
  CHECK((fortnight.buckets.size() == 14 || fortnight.buckets.size() == 15));
  for (const auto& b : fortnight.buckets)
    CHECK((b.start_ms - 300 * 60'000) % counter::kDayMs == 0);  // that clock's midnights
  CHECK(fortnight.sales == 3);

  const auto past = report_of(send(s.client, "GET", "/sales?since=0&until=7200000"));
  CHECK(past.buckets.size() == 2);
  CHECK(past.sales == 0);
  CHECK(value_of(send(s.client, "GET", "/counter")) == 10);
}

TEST_CASE("GET /sales refuses bad parameters with 400 naming the parameter") {
  Server s;
  const auto now = std::to_string(now_ms());
  CHECK(send(s.client, "GET", "/sales?bucket=week").body ==
        malformed("query parameter `bucket` must be hour or day"));
  CHECK(send(s.client, "GET", "/sales?tz_offset_min=900").body ==
        malformed("query parameter `tz_offset_min` must be a whole number from -840 to 840"));
  CHECK(send(s.client, "GET", "/sales?since=abc").body ==
        malformed("query parameter `since` must be a whole number (milliseconds since 1970)"));
  CHECK(send(s.client, "GET", "/sales?until=1e3").status == 400);
  CHECK(send(s.client, "GET", "/sales?since=" + now + "&until=" + now).body ==
        malformed("query parameter `since` must be before `until`"));
  CHECK(send(s.client, "GET", "/sales?since=0&until=3600000000").status == 200);
  const auto wide = send(s.client, "GET", "/sales?since=0&until=3600000001");
  CHECK(wide.status == 400);
  CHECK(wide.body == malformed("query parameter `since` gives 1001 hour buckets; at most "
                               "1000 are allowed"));
  CHECK(send(s.client, "GET", "/sales?bucket=day&since=0&until=86400000000").status == 200);
  CHECK(send(s.client, "GET", "/sales?bucket=day&since=0&until=86400000001").status == 400);
}

TEST_CASE("time bounds at the edges of 64 bits (and past them) select nothing, and are no error") {
  Server s;
  REQUIRE(send(s.client, "POST", "/decrement").status == 200);
  for (const char* huge : {"9007199254740992", "9223372036854775807", "18446744073709551615",
                           "99999999999999999999999999"}) {
    INFO(huge);
    const auto after = send(s.client, "GET", std::string("/changes?since=") + huge);
    CHECK(after.status == 200);
    CHECK(after.body == R"({"changes":[]})");
    const auto all = send(s.client, "GET", std::string("/changes?until=") + huge);
    CHECK(all.status == 200);
    CHECK(all.body.find("\"version\":1") != std::string::npos);
    const auto future = report_of(send(s.client, "GET", std::string("/sales?until=") + huge));
    CHECK(future.sales == 0);
    CHECK((future.buckets.size() == 24 || future.buckets.size() == 25));
  }
  const auto before = send(s.client, "GET", "/changes?until=-9223372036854775809");
  CHECK(before.status == 200);
  CHECK(before.body == R"({"changes":[]})");
  CHECK(send(s.client, "GET", "/changes?since=-1").body.find("\"version\":1") != std::string::npos);
}

TEST_CASE("GET /changes?order=newest answers the newest changes first") {
  Server s;
  send(s.client, "POST", "/decrement");
  send(s.client, "POST", "/decrement");
  send(s.client, "PUT", "/reset", R"({"value":10})", kJsonManager);
  auto decoded =
      counter::decode_changes(send(s.client, "GET", "/changes?order=newest&limit=2").body);
  REQUIRE(std::holds_alternative<std::vector<counter::RecordedChange>>(decoded));
  const auto& newest = std::get<std::vector<counter::RecordedChange>>(decoded);
  REQUIRE(newest.size() == 2);
  CHECK(newest[0].change.result.version == 3);
  CHECK(newest[1].change.result.version == 2);
  CHECK(send(s.client, "GET", "/changes?order=up").body ==
        malformed("query parameter `order` must be oldest or newest"));
}

TEST_CASE("GET /sales?tz= cuts days by the named zone's rules, 25 hours on a day clocks go back") {
  Server s;
  REQUIRE(send(s.client, "POST", "/decrement").status == 200);
  // 24 to 27 October 2026 in Berlin: the clocks went back on the 25th.
  const std::int64_t oct24 = 1'792'792'800'000;  // 2026-10-24T00:00+02:00
  const auto week =
      report_of(send(s.client, "GET",
                     "/sales?bucket=day&tz=Europe/Berlin&since=" + std::to_string(oct24) +
                         "&until=" + std::to_string(oct24 + 3 * counter::kDayMs + 3'600'000)));
  CHECK(week.query.tz == "Europe/Berlin");
  REQUIRE(week.buckets.size() == 3);
  CHECK(week.buckets[1].start_ms - week.buckets[0].start_ms == counter::kDayMs);
  CHECK(week.buckets[2].start_ms - week.buckets[1].start_ms == counter::kDayMs + 3'600'000);
  // Today's sale, in today's bucket of New York's clock.
  const auto today = report_of(send(s.client, "GET", "/sales?bucket=day&tz=America/New_York"));
  CHECK(today.sales == 1);
  CHECK(today.buckets.back().sales == 1);
}

TEST_CASE("GET /sales refuses a zone it does not know, or a zone and an offset together") {
  Server s;
  const std::string wrong =
      "query parameter `tz` must name a time zone of the IANA database, like Europe/Berlin";
  CHECK(send(s.client, "GET", "/sales?tz=Mars/Olympus_Mons").body == malformed(wrong));
  CHECK(send(s.client, "GET", "/sales?tz=../../etc/passwd").body == malformed(wrong));
  CHECK(send(s.client, "GET", "/sales?tz=").body == malformed(wrong));
  CHECK(send(s.client, "GET", "/sales?tz=Europe/Berlin&tz_offset_min=60").body ==
        malformed("query parameter `tz` and `tz_offset_min` cannot both be given; send one"));
  CHECK(send(s.client, "GET", "/sales?tz=UTC&since=0&until=3600000001").body ==
        malformed("query parameter `since` gives more than 1000 hour buckets; at most 1000 are "
                  "allowed"));
}
