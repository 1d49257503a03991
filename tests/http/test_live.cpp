// Publishing live updates never holds a sale up: with nginx away, sales go on, and the log says
// so once (the stream itself is tested through the real nginx in tests/e2e/live.test.mjs).
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "http_helpers.hpp"

using namespace testsupport;

TEST_CASE("with nothing listening at the publish URL, sales go on and the log says so once") {
  TempDir dir;
  const std::string log = dir.str() + "/counterd.log";
  // Port 1 on loopback: nothing listens there, so every attempt to publish is refused.
  CounterdProcess counterd(
      {"--data-dir", dir.str() + "/data", "--publish-url", "http://127.0.0.1:1/counter"},
      ProcessOptions{{}, 0, log});
  std::atomic<int> sold{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&] {
      RawConnection connection(counterd.port());
      for (int i = 0; i < 100; ++i)
        if (status_of(post_decrement(connection)) == 200) ++sold;
    });
  for (auto& t : clients) t.join();
  CHECK(sold == 800);
  auto client = counterd.client();
  CHECK(value_of(send(client, "GET", "/counter")) == 200);

  counterd.stop(SIGTERM);
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  std::size_t reports = 0;
  for (std::size_t at = 0; (at = text.str().find("cannot publish", at)) != std::string::npos; ++at)
    ++reports;
  CHECK(reports == 1);
}
