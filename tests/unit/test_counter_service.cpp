#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <condition_variable>
#include <future>
#include <thread>

#include "service/counter_service.hpp"
#include "store/memory_store.hpp"
#include "support/wait.hpp"

using namespace counter;
using namespace counterd;

namespace {

// A real in-memory store whose transactions can be held at a gate and made to fail, so that
// tests can line commands up behind a commit deterministically (no sleeps, no timing).
class GatedStore final : public Store {
 public:
  StoreKind kind() const override { return StoreKind::memory; }
  bool shared() const override { return shared_; }
  // Reads what is stored when it starts, then may be held at the read gate.
  Stock load(std::int64_t initial) override {
    const Stock stock = inner_.load(initial);
    std::unique_lock lock(mutex_);
    ++loads_started_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return reads_open_; });
    return stock;
  }
  void transact(std::int64_t initial, const std::function<void(StoreTransaction&)>& work) override {
    std::unique_lock lock(mutex_);
    ++transactions_started_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
    if (fail_) throw StoreError("disk on fire");
    std::size_t recorded = 0;
    inner_.transact(initial, [&](StoreTransaction& tx) {
      Counting counting(tx, recorded);
      work(counting);
    });
    if (recorded) batch_sizes_.push_back(recorded);
  }
  std::vector<RecordedChange> history(std::int64_t from, std::int64_t to, std::size_t n,
                                      counterd::HistoryOrder order,
                                      const std::string& till) override {
    return inner_.history(from, to, n, order, till);
  }
  std::vector<BucketCounts> count_sales(const SalesQuery& query) override {
    return inner_.count_sales(query);
  }
  std::size_t forget_kept(std::int64_t before, std::size_t n) override {
    return inner_.forget_kept(before, n);
  }
  // Like a real store's probe: not writable while its commits fail.
  std::optional<std::string> unwritable() override {
    std::lock_guard lock(mutex_);
    if (fail_) return "failing";
    return std::nullopt;
  }
  const std::string& id() const override { return inner_.id(); }
  std::string describe() const override { return "gated"; }

  void close_gate() {
    set([&] { open_ = false; });
  }
  void open_gate() {
    set([&] { open_ = true; });
  }
  void fail(bool on) {
    set([&] { fail_ = on; });
  }
  void share() { shared_ = true; }  // before the service starts
  void hold_reads(bool on) {
    set([&] { reads_open_ = !on; });
  }
  void wait_for_load(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return loads_started_ >= n; });
  }
  int loads_started() {
    std::lock_guard lock(mutex_);
    return loads_started_;
  }
  void wait_for_transaction(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return transactions_started_ >= n; });
  }
  std::vector<std::size_t> batch_sizes() {
    std::lock_guard lock(mutex_);
    return batch_sizes_;
  }

 private:
  class Counting final : public StoreTransaction {
   public:
    Counting(StoreTransaction& inner, std::size_t& count) : inner_(inner), count_(count) {}
    Stock stock() override { return inner_.stock(); }
    void record(const RecordedChange& change) override {
      ++count_;
      inner_.record(change);
    }
    std::vector<std::optional<KeptRequest>> find_kept(
        const std::vector<std::string>& keys) override {
      return inner_.find_kept(keys);
    }
    void keep(const std::string& key, const KeptRequest& request, std::int64_t at) override {
      inner_.keep(key, request, at);
    }
    std::optional<counterd::KeyedSale> find_sale(const std::string& key) override {
      return inner_.find_sale(key);
    }

   private:
    StoreTransaction& inner_;
    std::size_t& count_;
  };

  template <class F>
  void set(F f) {
    {
      std::lock_guard lock(mutex_);
      f();
    }
    changed_.notify_all();
  }
  MemoryStore inner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
  bool fail_ = false;
  bool shared_ = false;
  bool reads_open_ = true;
  int loads_started_ = 0;
  int transactions_started_ = 0;
  std::vector<std::size_t> batch_sizes_;
};

// Submits `command` and waits for its outcome.
Outcome run(CounterService& service, Command command) {
  std::promise<Outcome> outcome;
  service.submit(command, [&](const Outcome& o) { outcome.set_value(o); });
  return outcome.get_future().get();
}

const Command kSell{Command::Kind::sell, std::nullopt, std::nullopt};
Command reset_to(std::optional<std::int64_t> target) {
  return Command{Command::Kind::reset, target, std::nullopt};
}

ServiceOptions starting_at(std::int64_t initial) {
  ServiceOptions options;
  options.initial_stock = initial;
  return options;
}

// A sale under `key`.
Command sell_once(const std::string& key, const std::string& fingerprint = "POST /decrement\n") {
  return Command{Command::Kind::sell, std::nullopt, Idempotency{key, fingerprint}};
}

Stock stock_of(const Outcome& o) {
  REQUIRE(std::holds_alternative<Stock>(o));
  return std::get<Stock>(o);
}

}  // namespace

TEST_CASE("the service sells down to zero and then answers sold out") {
  MemoryStore store;
  CounterService service(store, starting_at(2));
  CHECK(stock_of(run(service, kSell)) == Stock{1, 1});
  CHECK(stock_of(run(service, kSell)) == Stock{0, 2});
  CHECK(std::get<Failure>(run(service, kSell)) == Failure::sold_out);
  CHECK(service.current() == Stock{0, 2});
}

TEST_CASE("reset restocks to the initial stock or to a given value") {
  MemoryStore store;
  CounterService service(store, starting_at(1000));
  run(service, kSell);
  CHECK(stock_of(run(service, reset_to(std::nullopt))) == Stock{1000, 2});
  CHECK(stock_of(run(service, reset_to(5))) == Stock{5, 3});
  CHECK(std::get<Failure>(run(service, reset_to(-1))) == Failure::out_of_range);
  CHECK(service.current() == Stock{5, 3});
}

TEST_CASE("commands submitted during a commit share the next one, from a single thread") {
  GatedStore store;
  CounterService service(store, starting_at(1000));
  store.close_gate();
  std::atomic<int> answered{0};
  service.submit(kSell, [&](const Outcome&) { ++answered; });
  store.wait_for_transaction(1);  // the first sale is being committed, alone

  // One thread queues many sales: none of them waits for its answer, so all share a commit.
  constexpr int kQueued = 20;
  for (int i = 0; i < kQueued; ++i) service.submit(kSell, [&](const Outcome&) { ++answered; });
  CHECK(service.stats().queued == kQueued);
  store.open_gate();
  REQUIRE(testsupport::wait_until([&] { return answered == 1 + kQueued; }));

  CHECK(store.batch_sizes() == std::vector<std::size_t>{1, kQueued});
  CHECK(service.stats().largest_commit == kQueued);
  CHECK(service.stats().changes == 1 + kQueued);
  CHECK(service.stats().commits == 2);
  CHECK(service.current() == Stock{1000 - 1 - kQueued, 1 + kQueued});
}

TEST_CASE("in one commit each command sees the stock the ones before it left") {
  GatedStore store;
  CounterService service(store, starting_at(2));
  store.close_gate();
  std::vector<std::promise<Outcome>> outcomes(4);
  service.submit(reset_to(1), [&](const Outcome& o) { outcomes[0].set_value(o); });
  store.wait_for_transaction(1);
  service.submit(kSell, [&](const Outcome& o) { outcomes[1].set_value(o); });
  service.submit(kSell, [&](const Outcome& o) { outcomes[2].set_value(o); });  // at zero
  service.submit(reset_to(3), [&](const Outcome& o) { outcomes[3].set_value(o); });
  store.open_gate();
  CHECK(stock_of(outcomes[0].get_future().get()) == Stock{1, 1});
  CHECK(stock_of(outcomes[1].get_future().get()) == Stock{0, 2});
  CHECK(std::get<Failure>(outcomes[2].get_future().get()) == Failure::sold_out);
  CHECK(stock_of(outcomes[3].get_future().get()) == Stock{3, 3});  // the refusal left no gap
  CHECK(store.batch_sizes() == std::vector<std::size_t>{1, 2});
}

TEST_CASE("readers never see a change before it is durable") {
  GatedStore store;
  CounterService service(store, starting_at(10));
  store.close_gate();
  std::promise<Outcome> sold;
  service.submit(kSell, [&](const Outcome& o) { sold.set_value(o); });
  store.wait_for_transaction(1);
  CHECK(service.current() == Stock{10, 0});  // recorded state only
  store.open_gate();
  CHECK(stock_of(sold.get_future().get()) == Stock{9, 1});
  CHECK(service.current() == Stock{9, 1});
}

TEST_CASE("a failed commit refuses its changes and leaves the stock as recorded") {
  GatedStore store;
  CounterService service(store, starting_at(10));
  CHECK(stock_of(run(service, kSell)) == Stock{9, 1});
  store.fail(true);
  CHECK(std::get<Failure>(run(service, kSell)) == Failure::store_failed);
  CHECK(service.current() == Stock{9, 1});
  CHECK(service.not_ready() == "failing");
  store.fail(false);
  CHECK(stock_of(run(service, kSell)) == Stock{8, 2});  // the lost change left no gap
  CHECK_FALSE(service.not_ready());
}

TEST_CASE("stopping the service answers every command still queued") {
  GatedStore store;
  std::atomic<int> sold{0};
  {
    CounterService service(store, starting_at(100));
    store.close_gate();
    for (int i = 0; i < 5; ++i)
      service.submit(kSell, [&](const Outcome& o) { sold += std::holds_alternative<Stock>(o); });
    store.wait_for_transaction(1);
    store.open_gate();
  }
  CHECK(sold == 5);
  CHECK(store.load(100) == Stock{95, 5});
}

TEST_CASE("many threads selling at once never oversell") {
  MemoryStore store;
  CounterService service(store, starting_at(1000));
  std::atomic<int> sold{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) {
        if (std::holds_alternative<Stock>(run(service, kSell)))
          ++sold;
        else
          ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(sold == 1000);
  CHECK(refused == 1000);
  CHECK(service.current() == Stock{0, 1000});
}

TEST_CASE("a repeat of a keyed sale gets the kept answer and changes nothing") {
  MemoryStore store;
  CounterService service(store, starting_at(10));
  CHECK(stock_of(run(service, sell_once("k1"))) == Stock{9, 1});
  const Outcome again = run(service, sell_once("k1"));
  REQUIRE(std::holds_alternative<Replayed>(again));
  CHECK(std::get<Replayed>(again).outcome == counterd::KeptOutcome(Stock{9, 1}));
  CHECK(service.current() == Stock{9, 1});
  CHECK(service.stats().replays == 1);
  CHECK(stock_of(run(service, sell_once("k2"))) == Stock{8, 2});  // another key sells again
}

TEST_CASE("a refused keyed sale stays refused on repeat, even after a restock") {
  MemoryStore store;
  CounterService service(store, starting_at(0));
  CHECK(std::get<Failure>(run(service, sell_once("late"))) == Failure::sold_out);
  run(service, reset_to(5));
  const Outcome again = run(service, sell_once("late"));
  REQUIRE(std::holds_alternative<Replayed>(again));
  CHECK(std::get<Replayed>(again).outcome == counterd::KeptOutcome(counter::Rejection::sold_out));
  CHECK(service.current() == Stock{5, 1});
}

TEST_CASE("a key used for another request is refused as reused") {
  MemoryStore store;
  CounterService service(store, starting_at(10));
  run(service, sell_once("k", "POST /decrement\n"));
  CHECK(std::get<Failure>(run(service, sell_once("k", "POST /decrement\n{}"))) ==
        Failure::key_reused);
  CHECK(service.current() == Stock{9, 1});
}

TEST_CASE("a key repeated while its first request is queued is refused as in use, at once") {
  GatedStore store;
  CounterService service(store, starting_at(10));
  store.close_gate();
  std::promise<Outcome> first;
  service.submit(sell_once("k"), [&](const Outcome& o) { first.set_value(o); });
  store.wait_for_transaction(1);
  CHECK(std::get<Failure>(run(service, sell_once("k"))) == Failure::key_in_use);  // not queued
  store.open_gate();
  CHECK(stock_of(first.get_future().get()) == Stock{9, 1});
  CHECK(std::holds_alternative<Replayed>(run(service, sell_once("k"))));  // answered: replayed
}

TEST_CASE("a keyed sale whose commit failed is not kept: its repeat sells") {
  GatedStore store;
  CounterService service(store, starting_at(10));
  store.fail(true);
  CHECK(std::get<Failure>(run(service, sell_once("k"))) == Failure::store_failed);
  store.fail(false);
  CHECK(stock_of(run(service, sell_once("k"))) == Stock{9, 1});
}

TEST_CASE("kept answers are forgotten after their time, by the writer, between batches") {
  MemoryStore store;
  ServiceOptions options = starting_at(10);
  options.keep_replies = std::chrono::milliseconds(1);
  CounterService service(store, options);
  run(service, sell_once("old"));
  REQUIRE(testsupport::wait_until([&] { return service.stats().forgotten == 1; }));
  CHECK(stock_of(run(service, sell_once("old"))) == Stock{8, 2});  // a new request again
}

TEST_CASE("with a shared store, each read is answered by a store read that started after it") {
  GatedStore store;
  store.share();
  CounterService service(store, starting_at(10));  // its first load: the 1st
  auto read = [&](std::promise<Stock>& into) {
    service.read_current(
        [&into](const std::variant<Stock, StoreError>& r) { into.set_value(std::get<Stock>(r)); });
  };
  store.hold_reads(true);
  std::promise<Stock> early;
  read(early);
  store.wait_for_load(2);  // started before the sale below
  CHECK(stock_of(run(service, kSell)) == Stock{9, 1});
  std::array<std::promise<Stock>, 3> late;
  for (auto& p : late) read(p);
  store.hold_reads(false);
  CHECK(early.get_future().get() == Stock{10, 0});
  for (auto& p : late) CHECK(p.get_future().get() == Stock{9, 1});  // never the older read
  CHECK(store.loads_started() == 3);  // the three late reads shared one
}

namespace {

// A return; an undo when `sale_key` names the sale it reverses.
Command give_back(const std::string& key, const std::string& sale_key = "") {
  Command c{Command::Kind::give_back, std::nullopt, Idempotency{key, "POST /return\n" + sale_key}};
  c.undo = sale_key;
  return c;
}

UndoRefused refusal_of(const Outcome& o) {
  REQUIRE(std::holds_alternative<UndoRefused>(o));
  return std::get<UndoRefused>(o);
}

}  // namespace

TEST_CASE("a return puts one back, never above the maximum, and records its till") {
  MemoryStore store;
  CounterService service(store, starting_at(counter::kMaxStock - 1));
  Command back = give_back("r-1");
  back.till = "Front desk";
  CHECK(stock_of(run(service, back)) == Stock{counter::kMaxStock, 1});
  CHECK(std::get<Failure>(run(service, give_back("r-2"))) == Failure::out_of_range);
  const auto history = store.history(0, counter::kMaxVersion, 10, HistoryOrder::oldest_first, "");
  REQUIRE(history.size() == 1);
  CHECK(history[0].change.kind == ChangeKind::returned);
  CHECK(history[0].till == "Front desk");
  CHECK_FALSE(history[0].undoes);
}

TEST_CASE("an undo reverses a sale once, names the earlier undo, and needs a recorded sale") {
  MemoryStore store;
  CounterService service(store, starting_at(10));
  CHECK(stock_of(run(service, sell_once("s-1"))) == Stock{9, 1});
  CHECK(refusal_of(run(service, give_back("u-0", "no-such-sale"))).why ==
        UndoRefused::Why::no_sale);
  CHECK(refusal_of(run(service, give_back("u-0", "u-0"))).why == UndoRefused::Why::no_sale);
  CHECK(stock_of(run(service, give_back("u-1", "s-1"))) == Stock{10, 2});
  const auto again = refusal_of(run(service, give_back("u-2", "s-1")));
  CHECK(again.why == UndoRefused::Why::already_undone);
  REQUIRE(again.earlier);
  CHECK(again.earlier->change.result.version == 2);
  CHECK(again.sale->change.result.version == 1);
  // The undo's own key replays what it did; a refused undo is not kept, so it is asked again.
  CHECK(std::holds_alternative<Replayed>(run(service, give_back("u-1", "s-1"))));
  CHECK(refusal_of(run(service, give_back("u-2", "s-1"))).why == UndoRefused::Why::already_undone);
  const auto history = store.history(0, counter::kMaxVersion, 10, HistoryOrder::oldest_first, "");
  REQUIRE(history.size() == 2);
  CHECK(history[1].undoes == 1u);
  CHECK(service.current() == Stock{10, 2});
}

TEST_CASE("a sale and its undo in one commit, and two undos of it: one undo counts") {
  GatedStore store;
  CounterService service(store, starting_at(10));
  store.close_gate();
  std::vector<std::promise<Outcome>> outcomes(4);
  service.submit(kSell, [&](const Outcome& o) { outcomes[0].set_value(o); });
  store.wait_for_transaction(1);
  service.submit(sell_once("s-1"), [&](const Outcome& o) { outcomes[1].set_value(o); });
  service.submit(give_back("u-1", "s-1"), [&](const Outcome& o) { outcomes[2].set_value(o); });
  service.submit(give_back("u-2", "s-1"), [&](const Outcome& o) { outcomes[3].set_value(o); });
  store.open_gate();
  CHECK(stock_of(outcomes[1].get_future().get()) == Stock{8, 2});
  CHECK(stock_of(outcomes[2].get_future().get()) == Stock{9, 3});
  CHECK(refusal_of(outcomes[3].get_future().get()).why == UndoRefused::Why::already_undone);
  CHECK(store.batch_sizes() == std::vector<std::size_t>{1, 2});
}

TEST_CASE("a sale older than the undo window cannot be undone; a plain return still can") {
  MemoryStore store;
  ServiceOptions options = starting_at(10);
  options.undo_window = std::chrono::milliseconds(1);
  CounterService service(store, options);
  run(service, sell_once("s-1"));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(refusal_of(run(service, give_back("u-1", "s-1"))).why == UndoRefused::Why::too_late);
  CHECK(stock_of(run(service, give_back("r-1"))) == Stock{10, 2});
}
