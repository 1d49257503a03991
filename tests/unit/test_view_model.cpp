// The browser UI's view-model, natively and without ImGui: every state the card can be in.
#include <catch2/catch.hpp>

#include "counter/problem.hpp"
#include "view_model.hpp"

using namespace ui;

namespace {

HttpResponse state(std::int64_t value, std::uint64_t version, std::string etag = "") {
  if (etag.empty()) etag = "\"store-" + std::to_string(version) + "\"";
  return {200, counter::to_json(counter::CounterState{value, version, 1000}), etag};
}

HttpResponse problem(counter::ProblemKind kind, const std::string& detail) {
  const auto p = counter::make_problem(kind, detail);
  return {p.status, counter::to_json(p), ""};
}

const HttpResponse kNoAnswer{0, "", ""};

// A view-model that has loaded `value` at t=0.
CounterViewModel loaded(std::int64_t value = 1000) {
  CounterViewModel vm;
  vm.start(0);
  vm.on_response(Call::refresh, state(value, 1), 10);
  return vm;
}

}  // namespace

TEST_CASE("the card starts loading and asks for the counter") {
  CounterViewModel vm("/api");
  CHECK(vm.phase() == Phase::loading);
  CHECK_FALSE(vm.can_sell());
  CHECK(vm.status_text() == "Loading the stock.");
  const auto req = vm.start(0);
  REQUIRE(req);
  CHECK(req->method == "GET");
  CHECK(req->path == "/api/counter");
  CHECK(req->if_none_match.empty());
}

TEST_CASE("loading -> ready once the first value arrives") {
  CounterViewModel vm = loaded(1000);
  CHECK(vm.phase() == Phase::ready);
  CHECK(vm.value() == 1000);
  CHECK(vm.can_sell());
  CHECK(vm.banner().empty());
  CHECK(vm.status_text() == "1000 cameras in stock.");
}

TEST_CASE("selling: in flight, no double submit, then the new value") {
  CounterViewModel vm = loaded(1000);
  const auto req = vm.sell(20);
  REQUIRE(req);
  CHECK(req->method == "POST");
  CHECK(req->path == "/api/decrement");
  CHECK(vm.phase() == Phase::selling);
  CHECK_FALSE(vm.sell(21));  // the second press while in flight sends nothing
  CHECK_FALSE(vm.on_response(Call::sell, state(999, 2), 30));
  CHECK(vm.phase() == Phase::ready);
  CHECK(vm.value() == 999);
}

TEST_CASE("selling the last camera reaches sold out, which refuses further sales") {
  CounterViewModel vm = loaded(1);
  vm.sell(20);
  vm.on_response(Call::sell, state(0, 2), 30);
  CHECK(vm.phase() == Phase::sold_out);
  CHECK_FALSE(vm.can_sell());
  CHECK_FALSE(vm.sell(40));
  CHECK(vm.status_text() == "Sold out: 0 cameras in stock.");
  CHECK(vm.status_text() != "1 camera in stock.");
}

TEST_CASE("a 409 from the server shows sold out and refreshes the exact state") {
  CounterViewModel vm = loaded(3);  // another shop sold the rest meanwhile
  vm.sell(20);
  const auto follow_up =
      vm.on_response(Call::sell, problem(counter::ProblemKind::sold_out, "the stock is 0"), 30);
  CHECK(vm.phase() == Phase::sold_out);
  REQUIRE(follow_up);
  CHECK(follow_up->call == Call::refresh);
  vm.on_response(Call::refresh, state(0, 7), 40);
  CHECK(vm.value() == 0);
}

TEST_CASE("the background refresh is conditional and runs every couple of seconds") {
  CounterViewModel vm = loaded(1000);
  CHECK_FALSE(vm.tick(1000));  // not due yet
  const auto req = vm.tick(10 + CounterViewModel::kRefreshEveryMs);
  REQUIRE(req);
  CHECK(req->if_none_match == "\"store-1\"");
  CHECK_FALSE(vm.tick(5000));  // one refresh at a time
  vm.on_response(Call::refresh, HttpResponse{304, "", ""}, 2100);
  CHECK(vm.value() == 1000);
  CHECK(vm.next_tick_ms() == 2100 + CounterViewModel::kRefreshEveryMs);
}

TEST_CASE("a sale made elsewhere shows up with the next refresh") {
  CounterViewModel vm = loaded(1000);
  vm.tick(3000);
  vm.on_response(Call::refresh, state(990, 11), 3010);
  CHECK(vm.value() == 990);
}

TEST_CASE("an answer that was overtaken never steps the count back") {
  CounterViewModel vm = loaded(1000);
  vm.sell(20);
  vm.on_response(Call::sell, state(998, 3), 30);
  vm.on_response(Call::refresh, state(999, 2), 40);  // older, arrives late
  CHECK(vm.value() == 998);
  SECTION("unless the store itself started afresh") {
    vm.on_response(Call::refresh, state(1000, 0, "\"other-0\""), 50);
    CHECK(vm.value() == 1000);
  }
}

TEST_CASE("error: the server unreachable keeps the last value, marked stale, and says so") {
  CounterViewModel vm = loaded(500);
  vm.tick(3000);
  vm.on_response(Call::refresh, kNoAnswer, 3010);
  CHECK(vm.phase() == Phase::offline);
  CHECK(vm.stale());
  CHECK(vm.value() == 500);
  CHECK_FALSE(vm.can_sell());
  CHECK(vm.banner() ==
        "Can't reach the server. Showing the last known count; retrying automatically.");
  CHECK(vm.status_text() == "500 cameras in stock. Last known count; the server can't be reached.");
}

TEST_CASE("a 5xx counts as unreachable too") {
  CounterViewModel vm = loaded(500);
  vm.tick(3000);
  vm.on_response(Call::refresh, problem(counter::ProblemKind::unavailable, "down"), 3010);
  CHECK(vm.stale());
}

TEST_CASE("retries back off 1, 2, 4, 8 ... seconds up to 30, and reset after recovery") {
  CounterViewModel vm = loaded(500);
  double now = 3000;
  vm.tick(now);
  const double expected[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
  for (double delay : expected) {
    vm.on_response(Call::refresh, kNoAnswer, now);
    CHECK(vm.next_tick_ms() == now + delay);
    CHECK_FALSE(vm.tick(now + delay - 1));
    now += delay;
    REQUIRE(vm.tick(now));
  }
  SECTION("recovered: fresh value, no banner, normal refresh pace") {
    vm.on_response(Call::refresh, state(480, 30), now);
    CHECK(vm.phase() == Phase::ready);
    CHECK_FALSE(vm.stale());
    CHECK(vm.banner().empty());
    CHECK(vm.value() == 480);
    CHECK(vm.next_tick_ms() == now + CounterViewModel::kRefreshEveryMs);
    vm.tick(vm.next_tick_ms());
    vm.on_response(Call::refresh, kNoAnswer, vm.next_tick_ms());
    CHECK(vm.retry_delay_ms() == 2000);  // the next outage starts again at 1 s
  }
}

TEST_CASE("no first value and no server: offline without a number") {
  CounterViewModel vm;
  vm.start(0);
  vm.on_response(Call::refresh, kNoAnswer, 5);
  CHECK(vm.phase() == Phase::offline);
  CHECK_FALSE(vm.has_value());
  CHECK_FALSE(vm.stale());
  CHECK(vm.status_text() == "Can't reach the server. Retrying.");
}

TEST_CASE("a sale with no answer is reported as unconfirmed and the count is re-read") {
  CounterViewModel vm = loaded(10);
  vm.sell(20);
  const auto follow_up = vm.on_response(Call::sell, kNoAnswer, 30);
  CHECK(vm.banner() == "The sale could not be confirmed. Check the count before selling again.");
  REQUIRE(follow_up);
  CHECK(follow_up->call == Call::refresh);
  vm.on_response(Call::refresh, state(9, 2), 40);  // it did land
  CHECK(vm.value() == 9);
  CHECK(vm.sell(50));  // and the next sale clears the notice
  CHECK(vm.banner().empty());
}

TEST_CASE("the reset flow: open with the initial stock, edit, confirm, close") {
  CounterViewModel vm = loaded(3);
  vm.open_reset();
  CHECK(vm.reset_open());
  CHECK(vm.reset_target() == 1000);
  vm.set_reset_target(250);
  const auto req = vm.confirm_reset(20);
  REQUIRE(req);
  CHECK(req->method == "PUT");
  CHECK(req->path == "/api/reset");
  CHECK(req->body == R"({"value":250})");
  CHECK(vm.resetting());
  CHECK_FALSE(vm.confirm_reset(21));  // no double submit
  vm.cancel_reset();
  CHECK(vm.reset_open());  // cannot be dismissed while in flight
  vm.on_response(Call::reset, state(250, 2), 30);
  CHECK_FALSE(vm.reset_open());
  CHECK(vm.value() == 250);
}

TEST_CASE("the reset dialog refuses out-of-range stock before sending") {
  CounterViewModel vm = loaded(3);
  vm.open_reset();
  vm.set_reset_target(-1);
  CHECK_FALSE(vm.can_confirm_reset());
  CHECK(vm.reset_error() == "Enter a stock from 0 to 1000000000.");
  CHECK_FALSE(vm.confirm_reset(10));
  vm.set_reset_target(1000000001);
  CHECK_FALSE(vm.can_confirm_reset());
  vm.set_reset_target(0);
  CHECK(vm.can_confirm_reset());
  CHECK(vm.reset_error().empty());
}

TEST_CASE("a refused reset shows the server's reason and keeps the dialog open") {
  CounterViewModel vm = loaded(3);
  vm.open_reset();
  vm.confirm_reset(10);
  vm.on_response(Call::reset, problem(counter::ProblemKind::out_of_range, "too many cameras"), 20);
  CHECK(vm.reset_open());
  CHECK(vm.reset_error() == "too many cameras");
  vm.cancel_reset();
  CHECK_FALSE(vm.reset_open());
}

TEST_CASE("a reset that gets no answer asks the user to check") {
  CounterViewModel vm = loaded(3);
  vm.open_reset();
  vm.confirm_reset(10);
  vm.on_response(Call::reset, kNoAnswer, 20);
  CHECK(vm.reset_error() == "The reset could not be confirmed. Check the count and try again.");
}
