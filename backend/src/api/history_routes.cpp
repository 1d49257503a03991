// GET /changes (the history, row by row) and GET /sales (its counts per hour or day).
#include <limits>

#include "request_checks.hpp"
#include "routes.hpp"
#include "service/time_zones.hpp"
#include "service/wall_clock.hpp"

namespace counterd::api {

namespace {

using counter::ProblemKind;
using http::Method;
using http::Request;
using http::Responder;

constexpr std::int64_t kMaxMs = static_cast<std::int64_t>(counter::kMaxVersion);  // 2^53 - 1

counter::Problem bad_parameter(std::string_view name, const std::string& why) {
  return counter::make_problem(ProblemKind::malformed_request,
                               "query parameter `" + std::string(name) + "` " + why);
}

std::variant<HistoryOrder, counter::Problem> order_of(const std::optional<std::string>& text) {
  if (!text || *text == "oldest") return HistoryOrder::oldest_first;
  if (*text == "newest") return HistoryOrder::newest_first;
  return bad_parameter("order", "must be oldest or newest");
}

// Answers 200 with the JSON `read` returns, read on the history's reading thread, or 503 when
// the store cannot be read.
template <typename Read>
void answer_when_read(HistoryReads& history, const Responder& responder, Read read) {
  history.run([responder, read = std::move(read)] {
    try {
      responder.send(http::json_reply(200, read()));
    } catch (const StoreError& e) {
      responder.send(store_unreadable(e));
    }
  });
}

void get_changes(HistoryReads& history, const Request& request, const Responder& responder) {
  auto since = query_bound(request.query("since"), "since", 0, 0, kMaxMs);
  auto until = query_bound(request.query("until"), "until", kMaxMs, 0, kMaxMs);
  auto limit = query_integer(request.query("limit"), "limit", 1000, 1, 10000);
  for (auto* field : {&since, &until, &limit})
    if (auto* problem = std::get_if<counter::Problem>(field))
      return responder.send(http::problem_reply(*problem));
  const auto order = order_of(request.query("order"));
  if (auto* problem = std::get_if<counter::Problem>(&order))
    return responder.send(http::problem_reply(*problem));
  const std::string till = request.query("till").value_or("");
  if (request.query("till") && !counter::is_till_name(till))
    return responder.send(http::problem_reply(bad_parameter(
        "till", "must be a till's name: 1 to 40 characters, none of them a control character")));
  answer_when_read(
      history, responder,
      [&history, from = std::get<std::int64_t>(since), to = std::get<std::int64_t>(until),
       most = static_cast<std::size_t>(std::get<std::int64_t>(limit)),
       oldest_or_newest = std::get<HistoryOrder>(order),
       till] { return counter::to_json(history.changes(from, to, most, oldest_or_newest, till)); });
}

struct SalesAsked {
  counter::SalesQuery query;
  counter::LocalClock clock;  // of its zone or its offset
};

// The query of GET /sales: until defaults to just after now (this millisecond's changes
// included), since to a day (hourly) or two weeks (daily) before it, the clock to UTC.
std::variant<SalesAsked, counter::Problem> sales_query(const Request& request) {
  counter::SalesQuery query;
  if (const auto name = request.query("bucket")) {
    const auto bucket = counter::bucket_from(*name);
    if (!bucket) return bad_parameter("bucket", "must be hour or day");
    query.bucket = *bucket;
  }
  auto until = query_bound(request.query("until"), "until", now_ms() + 1, 1, kMaxMs);
  if (auto* problem = std::get_if<counter::Problem>(&until)) return *problem;
  query.until_ms = std::get<std::int64_t>(until);
  const std::int64_t span =
      query.bucket == counter::Bucket::hour ? counter::kDayMs : 14 * counter::kDayMs;
  auto since = query_bound(request.query("since"), "since",
                           std::max<std::int64_t>(0, query.until_ms - span), 0, kMaxMs);
  auto offset = query_integer(request.query("tz_offset_min"), "tz_offset_min", 0,
                              -counter::kMaxTzOffsetMin, counter::kMaxTzOffsetMin);
  for (auto* field : {&since, &offset})
    if (auto* problem = std::get_if<counter::Problem>(field)) return *problem;
  query.since_ms = std::get<std::int64_t>(since);
  query.tz_offset_min = static_cast<int>(std::get<std::int64_t>(offset));
  if (query.since_ms >= query.until_ms) return bad_parameter("since", "must be before `until`");
  auto too_many = [&](const std::string& n) {
    return bad_parameter("since", "gives " + n + " " + counter::to_string(query.bucket) +
                                      " buckets; at most " +
                                      std::to_string(counter::kMaxSalesBuckets) + " are allowed");
  };
  // Checked on the fixed clock first (a zone's changes add a bucket or two at most), so that a
  // zone is never looked through a huge range.
  const auto tz = request.query("tz");
  if (const auto n = counter::bucket_count(query); n > counter::kMaxSalesBuckets + (tz ? 2 : 0))
    return too_many(std::to_string(n));
  counter::LocalClock clock{{0, query.tz_offset_min}};
  if (tz) {
    if (request.query("tz_offset_min"))
      return bad_parameter("tz", "and `tz_offset_min` cannot both be given; send one");
    auto zone =
        zone_clock(*tz, query.since_ms - 3 * counter::width_ms(query.bucket), query.until_ms);
    if (!zone)
      return bad_parameter("tz", "must name a time zone of the IANA database, like Europe/Berlin");
    query.tz = *tz;
    query.tz_offset_min = 0;
    clock = std::move(*zone);
  }
  const auto starts = counter::bucket_starts(query.bucket, query.since_ms, query.until_ms, clock,
                                             counter::kMaxSalesBuckets);
  if (starts.size() > counter::kMaxSalesBuckets)
    return too_many("more than " + std::to_string(counter::kMaxSalesBuckets));
  return SalesAsked{std::move(query), std::move(clock)};
}

void get_sales(HistoryReads& history, const Request& request, const Responder& responder) {
  const auto query = sales_query(request);
  if (const auto* problem = std::get_if<counter::Problem>(&query))
    return responder.send(http::problem_reply(*problem));
  answer_when_read(history, responder, [&history, asked = std::get<SalesAsked>(query)] {
    return counter::to_json(history.sales(asked.query, asked.clock));
  });
}

}  // namespace

void add_history_routes(http::Router& router, HistoryReads& history) {
  router.add(Method::Get, "/changes", [&history](const Request& request, Responder responder) {
    get_changes(history, request, responder);
  });
  router.add(Method::Get, "/sales", [&history](const Request& request, Responder responder) {
    get_sales(history, request, responder);
  });
}

}  // namespace counterd::api
