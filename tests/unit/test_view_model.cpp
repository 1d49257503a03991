// The browser UI's view-model, natively and without ImGui: every state the card can be in,
// the sale queue (offline, lost answers, other tabs) and the manager's code.
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <memory>

#include "counter/problem.hpp"
#include "model/view_model.hpp"

using namespace ui;

namespace {

HttpResponse state(std::int64_t value, std::uint64_t version, std::string etag = "") {
  if (etag.empty()) etag = "\"store-" + std::to_string(version) + "\"";
  return {200, counter::to_json(counter::CounterState{value, version, 1000}), etag, 0};
}

HttpResponse problem(counter::ProblemKind kind, const std::string& detail = "why") {
  const auto p = counter::make_problem(kind, detail);
  return {p.status, counter::to_json(p), "", 0};
}

const HttpResponse kNoAnswer{0, "", "", 0};

// What the view-model saved to the browser's storage.
struct Kept {
  std::vector<QueuedSale> queued;
  std::vector<RefusedSale> refused;
  int queue_saves = 0;
  std::optional<std::string> code;  // none until saved
  std::optional<counter::CounterState> state;
  std::optional<std::string> till;  // none until saved
};

// Keys "k1", "k2", ... a wall clock at 1,700,000,000,000 ms, and a storage kept in `kept`.
Environment counting_keys(std::shared_ptr<Kept> kept = std::make_shared<Kept>()) {
  auto n = std::make_shared<int>(0);
  return Environment{[n] { return "k" + std::to_string(++*n); },
                     [] { return 1.7e12; },
                     [kept](const auto& queued, const auto& refused) {
                       kept->queued = queued;
                       kept->refused = refused;
                       ++kept->queue_saves;
                     },
                     [kept](const std::string& code) { kept->code = code; },
                     [kept](const counter::CounterState& state) { kept->state = state; },
                     [kept](const std::string& till) { kept->till = till; }};
}

// A view-model that holds the replayer role and has loaded `value` at t=0.
CounterViewModel loaded(std::int64_t value = 1000) {
  CounterViewModel vm("/api", counting_keys());
  vm.set_replayer(true, 0);
  vm.start(0);
  vm.on_response(Call::refresh, state(value, 1), 10);
  return vm;
}

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

// The request for `call` among `requests` (fails when there is none).
HttpRequest find(const Requests& requests, Call call) {
  const auto it = std::find_if(requests.begin(), requests.end(),
                               [&](const HttpRequest& r) { return r.call == call; });
  REQUIRE(it != requests.end());
  return *it;
}

// The one request of `requests` (fails when there is not exactly one).
HttpRequest only(const Requests& requests) {
  REQUIRE(requests.size() == 1);
  return requests.front();
}

}  // namespace

TEST_CASE("the card starts loading and asks for the counter") {
  CounterViewModel vm("/api", counting_keys());
  CHECK(vm.phase() == Phase::loading);
  CHECK_FALSE(vm.can_sell());
  CHECK(vm.status_text() == "Loading the stock.");
  const auto req = only(vm.start(0));
  CHECK(req.method == "GET");
  CHECK(req.path == "/api/counter");
  CHECK(req.headers.empty());
}

TEST_CASE("loading -> ready once the first value arrives") {
  CounterViewModel vm = loaded(1000);
  CHECK(vm.phase() == Phase::ready);
  CHECK(vm.value() == 1000);
  CHECK(vm.can_sell());
  CHECK(vm.banner().empty());
  CHECK(vm.status_text() == "1000 cameras in stock.");
}

TEST_CASE("a sale carries a fresh Idempotency-Key; while it is in flight no second one is made") {
  CounterViewModel vm = loaded(1000);
  const auto sale = only(vm.sell(20));
  CHECK(sale.method == "POST");
  CHECK(sale.path == "/api/decrement");
  CHECK(header(sale, "Idempotency-Key") == "k1");
  CHECK(vm.phase() == Phase::selling);
  CHECK(vm.value() == 999);  // expected at once
  CHECK(vm.queue().queued() == std::vector<QueuedSale>{{"k1", 1.7e12}});
  CHECK(vm.sell(21).empty());  // the second press while in flight makes nothing
  CHECK(vm.on_response(Call::sell, state(999, 2), 30).empty());
  CHECK(vm.phase() == Phase::ready);
  CHECK(vm.value() == 999);
  CHECK(vm.queue().queued().empty());
  CHECK(header(only(vm.sell(40)), "Idempotency-Key") == "k2");  // the next sale, a new key
}

TEST_CASE("a sale whose answer never came is sent again with the same key") {
  CounterViewModel vm = loaded(1000);
  vm.sell(20);
  CHECK(vm.on_response(Call::sell, kNoAnswer, 30).empty());
  CHECK(vm.phase() == Phase::offline);
  CHECK(vm.queue().waiting() == 1);
  CHECK(vm.value() == 999);
  const auto probe = only(vm.tick(30 + Connection::kFirstRetryMs));  // the server probed
  CHECK(probe.call == Call::refresh);
  const auto again = only(vm.on_response(Call::refresh, state(999, 2), 1100));  // it sold meanwhile
  CHECK(again.call == Call::sell);
  CHECK(header(again, "Idempotency-Key") == "k1");
  vm.on_response(Call::sell, state(999, 2), 1110);  // the server replays its answer
  CHECK(vm.value() == 999);
  CHECK(vm.queue().queued().empty());
}

TEST_CASE("offline, Sold one stays usable: sales queue up and are sent in order once back") {
  CounterViewModel vm = loaded(5);
  vm.tick(3000);
  vm.on_response(Call::refresh, kNoAnswer, 3010);
  CHECK(vm.phase() == Phase::offline);
  for (int i = 0; i < 3; ++i) CHECK(vm.sell(3100 + i).empty());  // queued, not sent
  CHECK(vm.queue().waiting() == 3);
  CHECK(vm.value() == 2);
  CHECK(vm.queue().waiting_text() == "3 sales waiting to sync");
  CHECK(vm.status_text() ==
        "2 cameras in stock. Last known count; the server can't be reached. 3 sales waiting to "
        "sync.");
  const auto probe = only(vm.tick(5000));
  const auto first = only(vm.on_response(probe.call, state(5, 1), 5010));
  CHECK(header(first, "Idempotency-Key") == "k1");
  CHECK(header(only(vm.on_response(Call::sell, state(4, 2), 5020)), "Idempotency-Key") == "k2");
  CHECK(header(only(vm.on_response(Call::sell, state(3, 3), 5030)), "Idempotency-Key") == "k3");
  CHECK(vm.on_response(Call::sell, state(2, 4), 5040).empty());
  CHECK(vm.value() == 2);
  CHECK(vm.queue().waiting_text().empty());
  CHECK(vm.phase() == Phase::ready);
}

TEST_CASE("offline, no more sales queue up than the last known stock") {
  CounterViewModel vm = loaded(2);
  vm.tick(3000);
  vm.on_response(Call::refresh, kNoAnswer, 3010);
  vm.sell(3100);
  vm.sell(3101);
  CHECK(vm.value() == 0);
  CHECK_FALSE(vm.can_sell());
  vm.sell(3102);
  CHECK(vm.queue().waiting() == 2);
}

TEST_CASE("a queued sale the server refuses as sold out is shown until dismissed, never retried") {
  CounterViewModel vm = loaded(1);
  vm.tick(3000);
  vm.on_response(Call::refresh, kNoAnswer, 3010);
  vm.sell(3100);  // another screen sells the last camera meanwhile
  only(vm.tick(5000));
  only(vm.on_response(Call::refresh, state(0, 2), 5010));
  const auto next = vm.on_response(Call::sell, problem(counter::ProblemKind::sold_out), 5020);
  REQUIRE(next.size() == 1);
  CHECK(next.front().call == Call::refresh);  // the exact state, not the sale again
  CHECK(vm.queue().queued().empty());
  CHECK(vm.queue().refused() == std::vector<RefusedSale>{{"k1", 1.7e12, "sold out"}});
  CHECK(vm.queue().refused_text() == "1 sale could not be recorded: sold out");
  CHECK(vm.value() == 0);
  CHECK(vm.phase() == Phase::sold_out);
  vm.dismiss_refused();
  CHECK(vm.queue().refused().empty());
}

TEST_CASE("the server still deciding a key, or too busy: the same sale again, a little later") {
  CounterViewModel vm = loaded(10);
  vm.sell(0);
  CHECK(vm.on_response(Call::sell, problem(counter::ProblemKind::idempotency_key_in_use), 10)
            .empty());
  CHECK(vm.next_tick_ms() == 10 + kKeyInUseRetryMs);
  CHECK(header(only(vm.tick(10 + kKeyInUseRetryMs)), "Idempotency-Key") == "k1");
  auto busy = problem(counter::ProblemKind::too_many_requests);
  busy.retry_after_s = 2;
  CHECK(vm.on_response(Call::sell, busy, 600).empty());
  CHECK(vm.phase() == Phase::selling);  // not offline: the server answered
  CHECK(vm.tick(1000).empty());
  CHECK(header(find(vm.tick(2600), Call::sell), "Idempotency-Key") == "k1");
}

TEST_CASE("only the tab holding the replayer role sends the queue; another tab's sales reach it") {
  CounterViewModel vm("/api", counting_keys());
  vm.start(0);
  vm.on_response(Call::refresh, state(10, 1), 10);
  CHECK(vm.sell(20).empty());  // not the replayer: queued for the one that is
  CHECK(vm.queue().waiting() == 1);
  CHECK(vm.phase() == Phase::selling);
  CHECK(header(only(vm.set_replayer(true, 30)), "Idempotency-Key") == "k1");

  CounterViewModel other("/api", counting_keys());
  other.set_replayer(true, 0);
  other.start(0);
  other.on_response(Call::refresh, state(10, 1), 10);
  const auto sent = only(other.sync_queue({{"from-another-tab", 1.0}}, {}, 40));
  CHECK(header(sent, "Idempotency-Key") == "from-another-tab");
}

TEST_CASE("the background refresh is conditional and runs every couple of seconds") {
  CounterViewModel vm = loaded(1000);
  CHECK(vm.tick(1000).empty());  // not due yet
  const auto req = only(vm.tick(10 + Connection::kRefreshEveryMs));
  CHECK(header(req, "If-None-Match") == "\"store-1\"");
  CHECK(vm.tick(5000).empty());  // one refresh at a time
  vm.on_response(Call::refresh, HttpResponse{304, "", "", 0}, 2100);
  CHECK(vm.value() == 1000);
  CHECK(vm.next_tick_ms() == 2100 + Connection::kRefreshEveryMs);
}

TEST_CASE("an answer that was overtaken never steps the count back") {
  CounterViewModel vm = loaded(1000);
  vm.sell(20);
  vm.on_response(Call::sell, state(998, 3), 30);
  vm.tick(3000);
  vm.on_response(Call::refresh, state(999, 2), 3010);  // older, arrives late
  CHECK(vm.value() == 998);
  SECTION("unless the store itself started afresh") {
    vm.tick(6000);
    vm.on_response(Call::refresh, state(1000, 0, "\"other-0\""), 6010);
    CHECK(vm.value() == 1000);
  }
}

TEST_CASE("the server unreachable: last value, stale, a banner, retries that back off") {
  CounterViewModel vm = loaded(500);
  vm.tick(3000);
  vm.on_response(Call::refresh, kNoAnswer, 3010);
  CHECK(vm.phase() == Phase::offline);
  CHECK(vm.stale());
  CHECK(vm.value() == 500);
  CHECK(vm.can_sell());  // offline sales queue up
  CHECK(vm.banner() ==
        "Can't reach the server. Sales are kept on this screen and sent when it is back.");
  CHECK(vm.retry_delay_ms() == 2 * Connection::kFirstRetryMs);
  for (double t = 5000; vm.retry_delay_ms() < Connection::kMaxRetryMs; t += 60000) {
    vm.tick(t);
    vm.on_response(Call::refresh, problem(counter::ProblemKind::bad_gateway), t);
  }
  CHECK(vm.retry_delay_ms() == Connection::kMaxRetryMs);
  vm.tick(1e7);
  vm.on_response(Call::refresh, state(480, 9), 1e7);
  CHECK(vm.phase() == Phase::ready);
  CHECK(vm.retry_delay_ms() == Connection::kFirstRetryMs);
}

TEST_CASE("reset: asks for the manager's code when the tab has none, and keeps it once it works") {
  CounterViewModel vm = loaded(998);
  vm.open_reset();
  CHECK(vm.dialog().is_open());
  CHECK(vm.dialog().needs_code());
  CHECK(vm.dialog().text() == "1000");  // the initial stock by default
  CHECK(vm.dialog().target() == 1000);
  CHECK_FALSE(vm.dialog().can_confirm());
  CHECK(vm.confirm_reset(0).empty());
  CHECK(vm.dialog().error() == "Enter the manager's code.");
  vm.set_typed_code("1234");
  vm.set_reset_text("250");
  const auto req = only(vm.confirm_reset(10));
  CHECK(req.method == "PUT");
  CHECK(req.body == R"({"value":250})");
  CHECK(header(req, "Authorization") == "Bearer 1234");
  CHECK(header(req, "Idempotency-Key") == "k1");
  CHECK(vm.dialog().sending());
  vm.on_response(Call::reset, state(250, 9), 20);
  CHECK_FALSE(vm.dialog().is_open());
  CHECK(vm.value() == 250);
  CHECK(vm.dialog().manager_code() == "1234");
  vm.open_reset();
  CHECK_FALSE(vm.dialog().needs_code());  // the tab knows it now
  CHECK(header(only(vm.confirm_reset(30)), "Authorization") == "Bearer 1234");
}

TEST_CASE("reset: a wrong code keeps the dialog open, says so, and asks again") {
  CounterViewModel vm = loaded(10);
  vm.set_manager_code("old");
  vm.open_reset();
  only(vm.confirm_reset(0));
  vm.on_response(Call::reset, problem(counter::ProblemKind::forbidden), 10);
  CHECK(vm.dialog().is_open());
  CHECK_FALSE(vm.dialog().sending());
  CHECK(vm.dialog().error() == "Wrong code. Try again.");
  CHECK(vm.dialog().needs_code());
  CHECK(vm.dialog().manager_code().empty());
}

TEST_CASE("reset: an answer that never came is sent again with the same key until decided") {
  CounterViewModel vm = loaded(10);
  vm.set_manager_code("c");
  vm.open_reset();
  const auto first = only(vm.confirm_reset(0));
  CHECK(vm.on_response(Call::reset, kNoAnswer, 10).empty());
  CHECK(vm.dialog().sending());
  CHECK(vm.dialog().notice() == "The reset could not be confirmed yet. Trying again\xe2\x80\xa6");
  const auto again = find(vm.tick(vm.next_tick_ms()), Call::reset);
  CHECK(header(again, "Idempotency-Key") == header(first, "Idempotency-Key"));
  SECTION("cancelling stops the retries") {
    vm.cancel_reset();
    CHECK_FALSE(vm.dialog().sending());
    CHECK(vm.tick(1e9).size() <= 1);  // at most the refresh
  }
}

TEST_CASE("a reset target outside the range is refused before anything is sent") {
  CounterViewModel vm = loaded(10);
  vm.set_manager_code("c");
  vm.open_reset();
  for (const char* text : {"-1", "", "12a", "1000000001", "99999999999999999999"}) {
    vm.set_reset_text(text);
    CHECK_FALSE(vm.dialog().can_confirm());
    CHECK_FALSE(vm.dialog().target());
    CHECK(vm.dialog().error() == "Enter a stock from 0 to 1000000000.");
    CHECK(vm.confirm_reset(0).empty());
  }
}

TEST_CASE("a reset sends the number the stock field shows, whatever happened to the field since") {
  CounterViewModel vm = loaded(10);
  vm.set_manager_code("c");
  vm.open_reset();
  vm.set_reset_text("4");
  vm.set_reset_text("42");     // typed, then the field was left with a click or Tab
  vm.set_typed_code("other");  // the code field edited afterwards
  CHECK(vm.dialog().text() == "42");
  CHECK(only(vm.confirm_reset(0)).body == R"({"value":42})");
}

TEST_CASE("the live stream replaces the poll while it is up, with one refresh per (re)connect") {
  CounterViewModel vm = loaded(1000);
  const auto on_open = vm.on_stream_open(20);
  CHECK(only(on_open).call == Call::refresh);  // what the stream may have missed meanwhile
  vm.on_response(Call::refresh, HttpResponse{304, "", "", 0}, 30);
  CHECK(vm.streaming());
  CHECK(vm.next_tick_ms() == 20 + Connection::kStreamSilenceMs);  // no poll before
  CHECK(vm.tick(20 + Connection::kStreamSilenceMs - 1).empty());

  vm.on_stream_state(counter::CounterState{997, 4, 1000}, 100);
  CHECK(vm.value() == 997);
  vm.on_stream_state(counter::CounterState{998, 3, 1000}, 110);  // an older one: ignored
  CHECK(vm.value() == 997);

  SECTION("the stream lost: back to the poll every couple of seconds, unconditional at first") {
    vm.on_stream_lost(200);
    CHECK_FALSE(vm.streaming());
    CHECK(vm.next_tick_ms() == 200 + Connection::kRefreshEveryMs);
    const auto poll = only(vm.tick(200 + Connection::kRefreshEveryMs));
    CHECK(header(poll, "If-None-Match").empty());  // the stream's state came without an ETag
    SECTION("and the stream back: one refresh, then no polling again") {
      vm.on_response(Call::refresh, state(996, 5), 2300);
      CHECK(vm.on_stream_open(2400).size() == 1);
      vm.on_response(Call::refresh, HttpResponse{304, "", "", 0}, 2410);
      CHECK(vm.next_tick_ms() == 2400 + Connection::kStreamSilenceMs);
    }
  }
  SECTION("heartbeats keep it healthy; silence past them means polling (the publisher is gone)") {
    vm.on_stream_state(counter::CounterState{997, 4, 1000}, 5100);  // a heartbeat
    CHECK(vm.tick(5100 + Connection::kStreamSilenceMs - 1).empty());
    const auto poll = only(vm.tick(5100 + Connection::kStreamSilenceMs));
    CHECK(poll.call == Call::refresh);
    CHECK_FALSE(vm.streaming());
    vm.on_response(Call::refresh, kNoAnswer, 20200);
    CHECK(vm.phase() == Phase::offline);  // the offline banner, as without the stream
    vm.on_stream_state(counter::CounterState{997, 4, 1000}, 30000);  // the publisher is back
    CHECK(vm.streaming());
    CHECK(vm.phase() == Phase::ready);
  }
  SECTION("a refresh under way answers for a reconnect") {
    vm.on_stream_lost(200);
    vm.tick(200 + Connection::kRefreshEveryMs);
    CHECK(vm.on_stream_open(2300).empty());
  }
}

TEST_CASE("the browser keeps every change made here, and gets back nothing it sent") {
  auto kept = std::make_shared<Kept>();
  CounterViewModel vm("/api", counting_keys(kept));
  vm.set_replayer(true, 0);
  vm.start(0);
  vm.on_response(Call::refresh, state(1, 1), 10);
  vm.sync_queue({{"other-tab", 1.6e12}}, {}, 20);  // what another tab queued: not saved back
  CHECK(kept->queue_saves == 0);
  vm.on_response(Call::sell, problem(counter::ProblemKind::sold_out), 30);
  CHECK(kept->queue_saves == 1);
  CHECK(kept->queued.empty());
  CHECK(kept->refused == std::vector<RefusedSale>{{"other-tab", 1.6e12, "sold out"}});
  vm.dismiss_refused();
  CHECK(kept->queue_saves == 2);
  CHECK(kept->refused.empty());

  vm.set_manager_code("kept-code");  // what the browser kept: not saved back
  CHECK_FALSE(kept->code);
  vm.open_reset();
  vm.confirm_reset(40);
  vm.on_response(Call::reset, problem(counter::ProblemKind::forbidden), 50);
  CHECK(kept->code == "");  // a refused code is forgotten
  vm.set_typed_code("right");
  vm.confirm_reset(60);
  vm.on_response(Call::reset, state(5, 2), 70);
  CHECK(kept->code == "right");
}

TEST_CASE("every change a person can see comes with a new revision; a 304 comes with none") {
  // Everything the card and the screen-reader sentence show, as text.
  const auto shown = [](const CounterViewModel& vm) {
    const auto& d = vm.dialog();
    return std::to_string(static_cast<int>(vm.phase())) + "|" + std::to_string(vm.value()) + "|" +
           std::to_string(vm.stale()) + std::to_string(vm.can_sell()) + "|" + vm.banner() + "|" +
           vm.status_text() + "|" + vm.queue().waiting_text() + "|" + vm.queue().refused_text() +
           "|" + std::to_string(d.is_open()) + std::to_string(d.sending()) +
           std::to_string(d.needs_code()) + std::to_string(d.can_confirm()) + "|" + d.text() + "|" +
           d.typed_code() + "|" + d.error() + "|" + d.notice() + "|" +
           std::to_string(vm.undo_offers().size()) + std::to_string(vm.return_open());
  };
  CounterViewModel vm("/api", counting_keys());
  std::string before = shown(vm);
  std::uint64_t revision = vm.revision();
  int steps = 0;
  // Each step must move the revision exactly when it changes what is shown.
  const auto step = [&](const char* what, auto act) {
    INFO(what);
    act();
    const std::string now = shown(vm);
    CHECK((now != before) == (vm.revision() != revision));
    before = now;
    revision = vm.revision();
    ++steps;
  };
  step("start", [&] { vm.start(0); });
  step("first state", [&] { vm.on_response(Call::refresh, state(2, 1), 10); });
  step("304", [&] { vm.on_response(Call::refresh, HttpResponse{304, "", "", 0}, 2010); });
  step("replayer", [&] { vm.set_replayer(true, 2020); });
  step("sell", [&] { vm.sell(2030); });
  step("sold", [&] { vm.on_response(Call::sell, state(1, 2), 2040); });
  step("offline", [&] { vm.on_response(Call::refresh, kNoAnswer, 4050); });
  step("sell offline", [&] { vm.sell(4060); });
  step("back", [&] { vm.on_response(Call::refresh, state(1, 2), 6000); });
  step("refused",
       [&] { vm.on_response(Call::sell, problem(counter::ProblemKind::sold_out), 6010); });
  step("dismiss", [&] { vm.dismiss_refused(); });
  step("open reset", [&] { vm.open_reset(); });
  step("type a stock", [&] { vm.set_reset_text("12"); });
  step("confirm without a code", [&] { vm.confirm_reset(6020); });
  step("type a code", [&] { vm.set_typed_code("c"); });
  step("confirm", [&] { vm.confirm_reset(6030); });
  step("trouble", [&] { vm.on_response(Call::reset, kNoAnswer, 6040); });
  step("retry", [&] { vm.tick(1e9); });
  step("reset done", [&] { vm.on_response(Call::reset, state(12, 3), 1e9 + 10); });
  step("stream state", [&] { vm.on_stream_state(counter::CounterState{11, 4, 1000}, 1e9 + 20); });
  step("heartbeat", [&] { vm.on_stream_state(counter::CounterState{11, 4, 1000}, 1e9 + 30); });
  CHECK(steps == 21);
}

TEST_CASE(
    "a till opened without a network shows the last count it saved, and sells into the queue") {
  auto kept = std::make_shared<Kept>();
  {
    CounterViewModel before("/api", counting_keys(kept));
    before.start(0);
    before.on_response(Call::refresh, state(42, 7), 10);
  }
  REQUIRE(kept->state == counter::CounterState{42, 7, 1000});  // saved as it came

  CounterViewModel vm("/api", counting_keys(kept));
  vm.set_last_known(kept->state);
  vm.set_replayer(true, 0);
  vm.start(0);
  CHECK(vm.phase() == Phase::loading);  // not shown while the server may still answer
  CHECK_FALSE(vm.has_value());
  CHECK(vm.on_response(Call::refresh, kNoAnswer, 10).empty());
  CHECK(vm.phase() == Phase::offline);
  CHECK(vm.value() == 42);
  CHECK(vm.stale());
  CHECK(vm.sell(20).empty());  // queued, not sent while offline
  CHECK(vm.value() == 41);
  // The server is back (another store's ETag: its state is taken as it is), and the sale goes.
  const auto next = vm.on_response(Call::refresh, state(40, 9, "\"other-9\""), 5000);
  CHECK(header(only(next), "Idempotency-Key") == "k1");
  CHECK(vm.value() == 39);
  CHECK(kept->state == counter::CounterState{40, 9, 1000});
}

TEST_CASE("each sale made here offers an undo for 10 s; the undo queues behind the sale") {
  CounterViewModel vm("/api", counting_keys());
  vm.start(0);
  vm.on_response(Call::refresh, state(5, 1), 10);
  vm.set_replayer(true, 20);
  const auto sold = vm.sell(100);
  REQUIRE(sold.size() == 1);
  CHECK(sold[0].path == "/api/decrement");
  REQUIRE(vm.undo_offers().size() == 1);
  const std::string sale_key = vm.undo_offers()[0].sale_key;
  vm.on_response(Call::sell, state(4, 2), 150);
  vm.sell(200);
  REQUIRE(vm.undo_offers().size() == 2);
  CHECK(vm.undo_offers()[1].sale_key == sale_key);  // the newest on top
  vm.on_response(Call::sell, state(3, 3), 250);
  // The first sale undone: a return naming it, under a key of its own.
  const auto undone = vm.undo(sale_key, 300);
  REQUIRE(undone.size() == 1);
  CHECK(undone[0].path == "/api/return");
  CHECK(undone[0].body == R"({"undo":")" + sale_key + R"("})");
  CHECK(undone[0].headers[0].second != sale_key);
  CHECK(vm.value() == 4);  // shown at once, like a sale
  CHECK(vm.undo_offers().size() == 1);
  vm.on_response(Call::sell, state(4, 4), 350);
  CHECK(vm.undo(sale_key, 400).empty());  // offered once
  vm.tick(200 + 10'000);                  // the other offer's time is up
  CHECK(vm.undo_offers().empty());
}

TEST_CASE("offline, an undo waits in the queue behind the sale it undoes") {
  CounterViewModel vm("/api", counting_keys());
  vm.start(0);
  vm.on_response(Call::refresh, state(5, 1), 10);
  vm.set_replayer(true, 20);
  vm.on_response(Call::refresh, kNoAnswer, 2000);  // offline
  CHECK(vm.sell(2100).empty());
  const std::string sale_key = vm.undo_offers()[0].sale_key;
  CHECK(vm.undo(sale_key, 2200).empty());
  REQUIRE(vm.queue().queued().size() == 2);
  CHECK(vm.queue().queued()[1].undo == sale_key);
  CHECK(vm.value() == 5);
  CHECK(vm.queue().waiting_text() == "2 changes waiting to sync");
}

TEST_CASE("a customer's return is confirmed first, then queued like a sale") {
  CounterViewModel vm("/api", counting_keys());
  vm.start(0);
  vm.on_response(Call::refresh, state(5, 1), 10);
  vm.set_replayer(true, 20);
  CHECK(vm.confirm_return(30).empty());  // not asked
  vm.open_return();
  CHECK(vm.return_open());
  vm.cancel_return();
  CHECK_FALSE(vm.return_open());
  vm.open_return();
  const auto sent = vm.confirm_return(40);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].path == "/api/return");
  CHECK(sent[0].body.empty());
  CHECK(vm.value() == 6);
  CHECK(vm.undo_offers().empty());  // nothing to undo: a return is not a sale
}

TEST_CASE("the till's name is asked once, sent with every change, and changed in Settings") {
  auto kept = std::make_shared<Kept>();
  CounterViewModel vm("/api", counting_keys(kept));
  vm.till().restore(std::nullopt);  // never asked
  CHECK(vm.till().editing());
  vm.till().set_text("  Front desk ");
  CHECK(vm.till().valid());
  vm.till().save();
  CHECK_FALSE(vm.till().editing());
  CHECK(kept->till == "Front desk");
  vm.start(0);
  vm.on_response(Call::refresh, state(5, 1), 10);
  vm.set_replayer(true, 20);
  const auto sold = vm.sell(30);
  REQUIRE(sold.size() == 1);
  CHECK(sold[0].body == R"({"till":"Front desk"})");
  vm.on_response(Call::sell, state(4, 2), 40);
  vm.open_reset();
  vm.set_reset_text("9");
  vm.set_manager_code("code");
  const auto reset = vm.confirm_reset(50);
  REQUIRE(reset.size() == 1);
  CHECK(reset[0].body == R"({"value":9,"till":"Front desk"})");

  CounterViewModel other("/api", counting_keys(kept));
  other.till().restore("");  // asked before, no name given: not asked again
  CHECK_FALSE(other.till().editing());
  other.till().edit();
  other.till().set_text(std::string(41, 'x'));
  CHECK_FALSE(other.till().valid());
  other.till().save();  // refused: still editing
  CHECK(other.till().editing());
  other.till().cancel();
  CHECK(other.till().name().empty());
}

TEST_CASE("a sale the server refuses takes its undo offer and its queued undo with it") {
  CounterViewModel vm("/api", counting_keys());
  vm.start(0);
  vm.on_response(Call::refresh, state(5, 1), 10);
  vm.set_replayer(true, 20);
  vm.on_response(Call::refresh, kNoAnswer, 2000);  // offline: the sale and its undo wait
  vm.sell(2100);
  vm.undo(vm.undo_offers()[0].sale_key, 2200);
  vm.sell(2300);
  REQUIRE(vm.queue().queued().size() == 3);
  REQUIRE(vm.undo_offers().size() == 1);
  auto sent = vm.on_response(Call::refresh, state(0, 2), 4000);  // back: sold out meanwhile
  if (sent.empty()) sent = vm.tick(vm.next_tick_ms());
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].path == "/api/decrement");
  vm.on_response(Call::sell, problem(counter::ProblemKind::sold_out), 4100);
  REQUIRE(vm.queue().queued().size() == 1);  // the second sale; the undo of the first is gone
  CHECK_FALSE(vm.queue().queued()[0].give_back);
  vm.tick(vm.next_tick_ms());
  vm.on_response(Call::sell, problem(counter::ProblemKind::sold_out), 4300);
  CHECK(vm.undo_offers().empty());
  CHECK(vm.queue().refused().size() == 2);
}
