// kill -9 in the middle of concurrent sales: after a restart on the same data, every
// acknowledged sale is there, and nothing beyond the requests that were in flight.
#include <atomic>
#include <thread>

#include "counter/wire.hpp"
#include "http_helpers.hpp"
#include "support/wait.hpp"

using namespace testsupport;

TEST_CASE("kill -9 during concurrent decrements loses no acknowledged sale, 5 times over") {
  constexpr int kClients = 16;
  constexpr std::int64_t kInitial = 1000000;
  TempDir dir;
  std::int64_t expected_max = kInitial;  // stock if nothing beyond the acknowledged sales landed

  for (int round = 1; round <= 5; ++round) {
    CounterdProcess counterd({"--data-dir", dir.str(), "--initial-stock", "1000000"});
    auto probe = counterd.client();
    const std::int64_t before = value_of(send(probe, "GET", "/counter"));
    INFO("round " << round << ", stock before " << before);
    CHECK(before <= expected_max);
    CHECK(before >= expected_max - kClients);  // at most one unacknowledged sale per client

    std::atomic<int> acknowledged{0};
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&] {
        RawConnection connection(counterd.port());
        while (!killed) {
          const int status = status_of(post_decrement(connection));
          if (status == 200)
            ++acknowledged;
          else if (status == 0)
            break;  // the server is gone
        }
      });
    }
    const int kill_after = 300 + 137 * round;  // vary where in the stream the crash lands
    REQUIRE(wait_until([&] { return acknowledged >= kill_after; }));
    counterd.kill_hard();
    killed = true;
    for (auto& t : clients) t.join();
    expected_max = before - acknowledged;
  }

  CounterdProcess last({"--data-dir", dir.str()});
  auto client = last.client();
  const std::int64_t after = value_of(send(client, "GET", "/counter"));
  CHECK(after <= expected_max);
  CHECK(after >= expected_max - kClients);
  WARN("after 5 crashes: " << kInitial - after << " sales recorded, " << kInitial - expected_max
                           << " acknowledged");
}
