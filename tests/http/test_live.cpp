// Publishing live updates never holds a sale up: with nginx away, sales go on, and the log says
// so once (the stream itself is tested through the real nginx in tests/e2e/live.test.mjs).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "http_helpers.hpp"
#include "support/wait.hpp"

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

namespace {

// A stand-in for nginx's publisher endpoint that answers every request with `answer`, and
// counts the requests it was sent.
class FakePublisher {
 public:
  explicit FakePublisher(std::string answer) : answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 8);
    socklen_t size = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakePublisher() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/counter"; }
  int requests() const { return requests_; }

 private:
  void serve() {
    for (;;) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      char buffer[4096];
      while (::recv(client, buffer, sizeof buffer, 0) > 0) {
        ++requests_;
        ::send(client, answer_.data(), answer_.size(), MSG_NOSIGNAL);
      }
      ::close(client);
    }
  }
  std::string answer_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("the publisher reads nginx's answers as strictly as counterd reads requests") {
  auto published_after_a_sale = [](const std::string& answer) {
    FakePublisher nginx(answer);
    TempDir dir;
    CounterdProcess counterd({"--data-dir", dir.str(), "--publish-url", nginx.url()});
    auto client = counterd.client();
    REQUIRE(send(client, "POST", "/decrement").status == 200);
    // Two attempts counted by counterd itself (its first state, then the sale's or a retry).
    std::pair<double, double> figures;
    REQUIRE(wait_until(
        [&] {
          figures = {metric(client, "counterd_live_published_total"),
                     metric(client, "counterd_live_publish_failures_total")};
          return figures.first + figures.second >= 2;
        },
        std::chrono::seconds(20)));
    return figures;
  };
  const auto good = published_after_a_sale(
      "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok");
  CHECK(good.first >= 2);
  CHECK(good.second == 0);
  for (const char* lenient :
       {"HTTP/1.1 201 Created\r\nContent-Length: 2abc\r\n\r\nok",
        "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 2013 Created\r\n\r\n"}) {
    INFO(lenient);
    const auto refused = published_after_a_sale(lenient);
    CHECK(refused.first == 0);
    CHECK(refused.second >= 2);
  }
}
