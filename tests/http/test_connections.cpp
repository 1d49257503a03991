// Connections as clients use them: persistent by default in HTTP/1.1, closed when asked, and
// answered in order when requests are pipelined.
#include "http_helpers.hpp"
#include "support/raw_connection.hpp"

using namespace testsupport;

namespace {

const std::string kGet = "GET /counter HTTP/1.1\r\nHost: test\r\n\r\n";

}  // namespace

TEST_CASE("an HTTP/1.1 request without a Connection header keeps its connection open and usable") {
  Server s;
  RawConnection c(s.counterd.port());
  for (int i = 0; i < 3; ++i) {
    c.send(kGet);
    auto r = c.read_response();
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->header("connection").empty());  // persistent: nothing to say (RFC 9112 §9.3)
  }
  CHECK_FALSE(c.closed_by_server(std::chrono::milliseconds(300)));
}

TEST_CASE("Connection: close is answered with Connection: close, and the server closes") {
  Server s;
  RawConnection c(s.counterd.port());
  c.send("GET /counter HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  auto r = c.read_response();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->header("connection") == "close");
  CHECK(c.closed_by_server());
}

TEST_CASE("HTTP/1.0 closes unless the client asks for keep-alive") {
  Server s;
  SECTION("without keep-alive") {
    RawConnection c(s.counterd.port());
    c.send("GET /counter HTTP/1.0\r\n\r\n");
    auto r = c.read_response();
    REQUIRE(r);
    CHECK(r->version == "HTTP/1.0");
    CHECK(r->header("connection") == "close");
    CHECK(c.closed_by_server());
  }
  SECTION("with keep-alive") {
    RawConnection c(s.counterd.port());
    for (int i = 0; i < 2; ++i) {
      c.send("GET /counter HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      auto r = c.read_response();
      REQUIRE(r);
      CHECK(r->header("connection") == "keep-alive");
    }
  }
}

TEST_CASE("a sale and a read sent in one write are both answered, in order") {
  Server s;
  RawConnection c(s.counterd.port());
  c.send("POST /decrement HTTP/1.1\r\nHost: test\r\n\r\n" + kGet);
  auto sale = c.read_response();
  auto read = c.read_response();
  REQUIRE(sale);
  REQUIRE(read);
  CHECK(sale->body == R"({"value":999,"version":1,"initial":1000})");
  CHECK(read->body == R"({"value":999,"version":1,"initial":1000})");  // after the sale
}
