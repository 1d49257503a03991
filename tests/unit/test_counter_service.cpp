#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "service/counter_service.hpp"
#include "store/memory_store.hpp"

using namespace counter;
using namespace counterd;

namespace {

// A real in-memory store whose appends can be held at a gate and made to fail, so that tests
// can line requests up behind a commit deterministically (no sleeps, no timing).
class GatedStore final : public Store {
 public:
  Stock load(std::int64_t initial) override { return inner_.load(initial); }
  void append(std::span<const RecordedChange> batch) override {
    std::unique_lock lock(mutex_);
    ++appends_started_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
    if (fail_) throw StoreError("disk on fire");
    batch_sizes_.push_back(batch.size());
    inner_.append(batch);
  }
  std::vector<RecordedChange> history(std::int64_t from, std::int64_t to, std::size_t n) override {
    return inner_.history(from, to, n);
  }
  bool writable() override { return true; }
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
  void wait_for_append(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return appends_started_ >= n; });
  }
  std::vector<std::size_t> batch_sizes() {
    std::lock_guard lock(mutex_);
    return batch_sizes_;
  }

 private:
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
  int appends_started_ = 0;
  std::vector<std::size_t> batch_sizes_;
};

Stock stock_of(const Outcome& o) {
  REQUIRE(std::holds_alternative<Stock>(o));
  return std::get<Stock>(o);
}

}  // namespace

TEST_CASE("the service sells down to zero and then answers sold out") {
  MemoryStore store;
  CounterService service(store, 2);
  CHECK(stock_of(service.decrement()) == Stock{1, 1});
  CHECK(stock_of(service.decrement()) == Stock{0, 2});
  CHECK(std::get<Failure>(service.decrement()) == Failure::sold_out);
  CHECK(service.current() == Stock{0, 2});
}

TEST_CASE("reset restocks to the initial stock or to a given value") {
  MemoryStore store;
  CounterService service(store, 1000);
  service.decrement();
  CHECK(stock_of(service.reset(std::nullopt)) == Stock{1000, 2});
  CHECK(stock_of(service.reset(5)) == Stock{5, 3});
  CHECK(std::get<Failure>(service.reset(-1)) == Failure::out_of_range);
  CHECK(service.current() == Stock{5, 3});
}

TEST_CASE("changes that arrive during a commit share the next one") {
  GatedStore store;
  CounterService service(store, 1000);
  store.close_gate();
  std::thread first([&] { service.decrement(); });
  store.wait_for_append(1);  // the first change is being committed, alone

  constexpr int kWaiting = 20;
  std::vector<std::thread> others;
  for (int i = 0; i < kWaiting; ++i) others.emplace_back([&] { service.decrement(); });
  while (service.stats().queued < kWaiting) std::this_thread::yield();  // all lined up
  store.open_gate();
  first.join();
  for (auto& t : others) t.join();

  const auto sizes = store.batch_sizes();
  std::size_t total = 0;
  for (auto s : sizes) total += s;
  CHECK(total == 1 + kWaiting);
  CHECK(sizes.front() == 1);
  CHECK(service.stats().changes == 1 + kWaiting);
  CHECK(service.stats().commits == sizes.size());
  CHECK(service.current() == Stock{1000 - 1 - kWaiting, 1 + kWaiting});
}

TEST_CASE("readers never see a change before it is durable") {
  GatedStore store;
  CounterService service(store, 10);
  store.close_gate();
  std::thread seller([&] { service.decrement(); });
  store.wait_for_append(1);
  CHECK(service.current() == Stock{10, 0});  // recorded state only
  store.open_gate();
  seller.join();
  CHECK(service.current() == Stock{9, 1});
}

TEST_CASE("a failed commit refuses its changes and leaves the stock as recorded") {
  GatedStore store;
  CounterService service(store, 10);
  CHECK(stock_of(service.decrement()) == Stock{9, 1});
  store.fail(true);
  CHECK(std::get<Failure>(service.decrement()) == Failure::store_failed);
  CHECK(service.current() == Stock{9, 1});
  CHECK_FALSE(service.ready());
  store.fail(false);
  CHECK(stock_of(service.decrement()) == Stock{8, 2});  // the lost change left no gap
  CHECK(service.ready());
}

TEST_CASE("many threads selling at once never oversell") {
  MemoryStore store;
  CounterService service(store, 1000);
  std::atomic<int> sold{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) {
        if (std::holds_alternative<Stock>(service.decrement()))
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
