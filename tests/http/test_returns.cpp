// Returns, undos and till names over real HTTP, on every store: POST /return with and without
// the sale it undoes, the refusals an undo can meet, and each change's till in GET /changes.
#include "http_helpers.hpp"

using namespace testsupport;

namespace {

httplib::Headers keyed(const std::string& key) {
  return {{"Content-Type", "application/json"}, {"Idempotency-Key", key}};
}

std::vector<counter::RecordedChange> changes_of(const httplib::Response& r) {
  REQUIRE(r.status == 200);
  auto decoded = counter::decode_changes(r.body);
  REQUIRE(std::holds_alternative<std::vector<counter::RecordedChange>>(decoded));
  return std::get<std::vector<counter::RecordedChange>>(decoded);
}

}  // namespace

TEST_CASE("POST /return puts one camera back, under its key exactly once, no code needed") {
  Server s;
  REQUIRE(send(s.client, "POST", "/decrement").status == 200);
  const auto back = send(s.client, "POST", "/return", R"({"till":"Front desk"})", keyed("r-1"));
  CHECK(back.status == 200);
  CHECK(value_of(back) == 1000);
  const auto again = send(s.client, "POST", "/return", R"({"till":"Front desk"})", keyed("r-1"));
  CHECK(value_of(again) == 1000);
  CHECK(again.get_header_value("Idempotent-Replayed") == "true");
  CHECK(value_of(send(s.client, "GET", "/counter")) == 1000);
  CHECK(value_of(send(s.client, "POST", "/return")) == 1001);  // a plain one, no key, no body
  const auto newest = changes_of(send(s.client, "GET", "/changes?order=newest&limit=2"));
  CHECK(newest[0].change.kind == counter::ChangeKind::returned);
  CHECK(newest[1].till == "Front desk");
}

TEST_CASE("an undo names the sale by its key; refused when unknown, done or not a sale") {
  Server s;
  REQUIRE(value_of(send(s.client, "POST", "/decrement", "", keyed("sale-1"))) == 999);
  const auto not_found = send(s.client, "POST", "/return", R"({"undo":"sale-9"})", keyed("u-0"));
  CHECK(not_found.status == 404);
  CHECK(not_found.body == problem_json("sale-not-found", "No such sale", 404,
                                       "no sale is recorded under the Idempotency-Key in `undo` "
                                       "(keys are kept for a day)"));
  const auto undone = send(s.client, "POST", "/return", R"({"undo":"sale-1"})", keyed("u-1"));
  CHECK(value_of(undone) == 1000);
  const auto twice = send(s.client, "POST", "/return", R"({"undo":"sale-1"})", keyed("u-2"));
  CHECK(twice.status == 409);
  CHECK(twice.body.find("urn:camera-counter:problem:already-undone") != std::string::npos);
  CHECK(twice.body.find("undone already by change 2") != std::string::npos);
  CHECK(value_of(send(s.client, "GET", "/counter")) == 1000);
  // A reset's key is not a sale's.
  REQUIRE(send(s.client, "PUT", "/reset", R"({"value":5})",
               {{"Content-Type", "application/json"},
                {"Authorization", "Bearer " + kManagerCode},
                {"Idempotency-Key", "reset-1"}})
              .status == 200);
  CHECK(send(s.client, "POST", "/return", R"({"undo":"reset-1"})", keyed("u-3")).status == 404);
  const auto history = changes_of(send(s.client, "GET", "/changes?order=newest&limit=10"));
  CHECK(history[1].undoes == 1u);  // the undo, before the reset
  // GET /sales counts the undo as a return, today, on a named zone's clock as on a fixed one.
  for (const char* path : {"/sales", "/sales?bucket=day&tz=Europe/Berlin"}) {
    auto decoded = counter::decode_sales_report(send(s.client, "GET", path).body);
    REQUIRE(std::holds_alternative<counter::SalesReport>(decoded));
    const auto& report = std::get<counter::SalesReport>(decoded);
    CHECK(report.sales == 1);
    CHECK(report.returns == 1);
    CHECK(report.buckets.back().returns == 1);
  }
}

TEST_CASE("every change records its till; GET /changes filters by it") {
  Server s;
  REQUIRE(send(s.client, "POST", "/decrement", R"({"till":"Front desk"})", kJson).status == 200);
  REQUIRE(send(s.client, "POST", "/decrement", R"({"till":"Back office"})", kJson).status == 200);
  REQUIRE(send(s.client, "POST", "/decrement").status == 200);
  REQUIRE(send(s.client, "PUT", "/reset", R"({"value":50,"till":"Back office"})", kJsonManager)
              .status == 200);
  const auto back = changes_of(send(s.client, "GET", "/changes?order=newest&till=Back%20office"));
  REQUIRE(back.size() == 2);
  CHECK(back[0].change.kind == counter::ChangeKind::reset);
  CHECK(back[1].till == "Back office");
  CHECK(changes_of(send(s.client, "GET", "/changes?till=Front%20desk")).size() == 1);
  const auto all = changes_of(send(s.client, "GET", "/changes?order=newest&limit=3"));
  CHECK(all[1].till.empty());  // none named
  CHECK(send(s.client, "GET", "/changes").body.find(R"("till":"Front desk")") != std::string::npos);
}

TEST_CASE("a till's name or an undo's key that is not one is refused, nothing changed") {
  Server s;
  const std::string till_rule =
      "`till` must be 1 to 40 characters, none of them a control character";
  CHECK(send(s.client, "POST", "/decrement", R"({"till":""})", kJson).body ==
        problem_json("out-of-range", "Value out of range", 422, till_rule));
  CHECK(send(s.client, "POST", "/decrement", R"({"till":"a\nb"})", kJson).status == 422);
  CHECK(send(s.client, "POST", "/return", R"({"till":7})", kJson).status == 400);
  CHECK(send(s.client, "POST", "/return", R"({"undo":""})", kJson).status == 422);
  CHECK(send(s.client, "POST", "/return", R"({"undo":"x","extra":1})", kJson).status == 400);
  CHECK(send(s.client, "GET", "/changes?till=").status == 400);
  CHECK(value_of(send(s.client, "GET", "/counter")) == 1000);
}
