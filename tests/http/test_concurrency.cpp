// Many clients at once: no sale is lost or counted twice, and the stock never goes below zero.
#include <atomic>
#include <thread>

#include "http_helpers.hpp"

using namespace testsupport;

namespace {

struct Tally {
  std::atomic<int> sold{0};
  std::atomic<int> sold_out{0};
  std::atomic<int> other{0};
};

// `clients` threads, each with its own keep-alive connection, each sending `each` decrements.
void sell_concurrently(const CounterdProcess& counterd, int clients, int each, Tally& tally) {
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      auto client = counterd.client();
      client.set_keep_alive(true);
      for (int i = 0; i < each; ++i) {
        auto r = client.Post("/decrement");
        if (r && r->status == 200)
          ++tally.sold;
        else if (r && r->status == 409)
          ++tally.sold_out;
        else
          ++tally.other;
      }
    });
  }
  for (auto& t : threads) t.join();
}

std::string state(std::int64_t value, std::int64_t version, std::int64_t initial) {
  return R"({"value":)" + std::to_string(value) + R"(,"version":)" + std::to_string(version) +
         R"(,"initial":)" + std::to_string(initial) + "}";
}

}  // namespace

TEST_CASE("64 clients x 500 decrements from 1,000,000 lose no sale") {
  TempDir dir;
  CounterdProcess counterd(
      {"--data-dir", dir.str(), "--initial-stock", "1000000", "--threads", "16"});
  Tally tally;
  sell_concurrently(counterd, 64, 500, tally);
  CHECK(tally.other == 0);
  CHECK(tally.sold_out == 0);
  auto client = counterd.client();
  CHECK(send(client, "GET", "/counter").body == state(1000000 - tally.sold, tally.sold, 1000000));
  CHECK(tally.sold == 64 * 500);

  // Group commit at work: the figure is printed, not asserted (it depends on the disk).
  const std::string metrics = send(client, "GET", "/metrics").body;
  const auto number_after = [&](const std::string& key) {
    const auto at = metrics.find("\n" + key + " ");
    REQUIRE(at != std::string::npos);
    return std::stod(metrics.substr(at + key.size() + 2));
  };
  WARN("changes per sync: " << number_after("counterd_changes_total") /
                                   number_after("counterd_commits_total"));
}

TEST_CASE("2000 attempts on 1000 cameras sell exactly 1000 and refuse the rest") {
  TempDir dir;
  CounterdProcess counterd({"--data-dir", dir.str(), "--threads", "16"});
  Tally tally;
  sell_concurrently(counterd, 40, 50, tally);
  CHECK(tally.sold == 1000);
  CHECK(tally.sold_out == 1000);
  CHECK(tally.other == 0);
  auto client = counterd.client();
  CHECK(send(client, "GET", "/counter").body == state(0, 1000, 1000));
}

TEST_CASE("the memory store is just as exact under concurrency") {
  CounterdProcess counterd({"--store", "memory", "--threads", "4"});
  Tally tally;
  sell_concurrently(counterd, 32, 100, tally);
  CHECK(tally.sold == 1000);
  CHECK(tally.sold_out == 2200);
  CHECK(tally.other == 0);
}
