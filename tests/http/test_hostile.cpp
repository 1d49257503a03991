// Hostile bytes over a socket, one test per class of the hardening review. Whatever arrives,
// counterd answers problem+json with the right status (never an exception's text), closes the
// connection when the bytes cannot be trusted, and never changes the stock because of them.
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "counter/problem.hpp"
#include "counter/wire.hpp"
#include "http_helpers.hpp"
#include "support/raw_connection.hpp"
#include "support/wait.hpp"

using namespace testsupport;
using namespace std::chrono_literals;

namespace {

// A counterd under attack, with the stock it must keep.
struct Target {
  TempDir dir;
  CounterdProcess counterd;
  explicit Target(std::vector<std::string> extra = {}, const ProcessOptions& options = {})
      : counterd(with_dir(std::move(extra)), options) {}
  std::vector<std::string> with_dir(std::vector<std::string> args) {
    args.insert(args.end(), {"--data-dir", dir.str()});
    return args;
  }
  std::string state() {
    auto client = counterd.client();
    return send(client, "GET", "/counter").body;
  }
};

const std::string kUntouched = R"({"value":1000,"version":0,"initial":1000})";

// The answer is a problem of `status`, from the catalogue, with nothing from C++ in it.
void check_problem(const RawResponse& r, int status) {
  INFO(r.body);
  CHECK(r.status == status);
  CHECK(r.header("content-type") == "application/problem+json");
  auto decoded = counter::decode_problem(r.body);
  REQUIRE(std::holds_alternative<counter::Problem>(decoded));
  const auto& problem = std::get<counter::Problem>(decoded);
  CHECK(problem.status == status);
  REQUIRE(counter::problem_kind(problem));
  CHECK(counter::status_of(*counter::problem_kind(problem)) == status);
  CHECK_FALSE(
      std::regex_search(r.body, std::regex("std::|basic_string|stoull|bad_alloc|what\\(\\)")));
}

// Sends `bytes` on a fresh connection; expects one problem of `status`, then the close.
void expect_refused(Target& s, const std::string& bytes, int status) {
  RawConnection c(s.counterd.port());
  c.send(bytes);
  auto r = c.read_response();
  REQUIRE(r);
  check_problem(*r, status);
  CHECK(r->header("connection") == "close");
  CHECK(c.closed_by_server());
}

std::string post_with(const std::string& fields, const std::string& body = "") {
  return "POST /decrement HTTP/1.1\r\nHost: test\r\n" + fields + "\r\n" + body;
}

}  // namespace

TEST_CASE("a Content-Length that is not a plain number is refused with 400, closed, unexecuted") {
  Target s;
  for (const char* value :
       {"abc", "2x", "-1", "+0", "0x10", "1 2", "", "99999999999999999999999"}) {
    INFO("Content-Length: " << value);
    expect_refused(s, post_with(std::string("Content-Length: ") + value + "\r\n", "{}"), 400);
  }
  CHECK(s.state() == kUntouched);
}

TEST_CASE("Content-Length twice, or with Transfer-Encoding, is refused with 400") {
  Target s;
  expect_refused(s, post_with("Content-Length: 2\r\nContent-Length: 3\r\n", "{}"), 400);
  expect_refused(s, post_with("Content-Length: 2\r\nContent-Length: 2\r\n", "{}"), 400);
  expect_refused(s, post_with("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
                 400);
  CHECK(s.state() == kUntouched);
}

TEST_CASE("a request hidden in an oversize body is never executed: 413, then the connection ends") {
  Target s;
  const std::string hidden = "PUT /reset HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                             kManagerCode +
                             "\r\nContent-Type: application/json\r\nContent-Length: "
                             "11\r\n\r\n{\"value\":1}POST /decrement HTTP/1.1\r\nHost: t\r\n\r\n";
  SECTION("declared with Content-Length") {
    const std::string body = std::string(14 * 1024, ' ') + hidden;
    expect_refused(s, post_with("Content-Length: " + std::to_string(body.size()) + "\r\n", body),
                   413);
  }
  SECTION("sent chunked") {
    const std::string chunk = std::string(2000, ' ');
    std::string body;
    for (int i = 0; i < 7; ++i) body += "7d0\r\n" + chunk + "\r\n";
    expect_refused(s, post_with("Transfer-Encoding: chunked\r\n", body + "0\r\n\r\n" + hidden),
                   413);
  }
  CHECK(s.state() == kUntouched);
}

TEST_CASE("pipelined requests are all answered, in order") {
  Target s;
  RawConnection c(s.counterd.port());
  const std::string get = "GET /counter HTTP/1.1\r\nHost: t\r\n\r\n";
  c.send(get + post_with("") + get + "PUT /reset HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
         kManagerCode +
         "\r\nContent-Type: application/json\r\nContent-Length: "
         "12\r\n\r\n{\"value\":50}" +
         get);
  const char* expected[] = {
      R"({"value":1000,"version":0,"initial":1000})", R"({"value":999,"version":1,"initial":1000})",
      R"({"value":999,"version":1,"initial":1000})", R"({"value":50,"version":2,"initial":1000})",
      R"({"value":50,"version":2,"initial":1000})"};
  for (const char* body : expected) {
    auto r = c.read_response();
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == body);
  }
}

TEST_CASE("a request split across two writes right after another one is answered") {
  Target s;
  RawConnection c(s.counterd.port());
  c.send("GET /counter HTTP/1.1\r\nHost: t\r\n\r\nGET /coun");
  auto first = c.read_response();
  REQUIRE(first);
  CHECK(first->status == 200);
  c.send("ter HTTP/1.1\r\nHost: t\r\n\r\n");
  auto second = c.read_response();
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(second->body == kUntouched);
}

TEST_CASE("what Pistache would answer with its own texts gets a problem from the catalogue") {
  Target s;
  SECTION("a huge chunk size") {
    expect_refused(s, post_with("Transfer-Encoding: chunked\r\n", "FFFFFFFFFFFFFFFFFFFF\r\nx\r\n"),
                   413);
  }
  SECTION("a chunk size that is not hex") {
    expect_refused(s, post_with("Transfer-Encoding: chunked\r\n", "zz\r\nx\r\n"), 400);
  }
  SECTION("an over-long head") {
    expect_refused(s, post_with("X-Pad: " + std::string(9000, 'a') + "\r\n"), 431);
  }
  SECTION("an over-long target") {
    expect_refused(s, "GET /" + std::string(3000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414);
  }
  SECTION("an unknown method") {
    expect_refused(s, "BREW /counter HTTP/1.1\r\nHost: t\r\n\r\n", 501);
  }
  SECTION("another HTTP version") {
    expect_refused(s, "GET /counter HTTP/2.0\r\nHost: t\r\n\r\n", 505);
  }
  SECTION("a version that is not one") {
    for (const char* line : {"GET /counter HTTP/1\r\n", "GET /counter \r\n", "GET /counter H\r\n",
                             "GET /counter\r\n", "GET /counter HTTP/1.1\n"}) {
      INFO(line);
      expect_refused(s, std::string(line) + "Host: t\r\n\r\n", 400);
    }
  }
  SECTION("a header line without a colon, or folded") {
    expect_refused(s, "GET /counter HTTP/1.1\r\nHost: t\r\nNoColonHere\r\n\r\n", 400);
    expect_refused(s, "GET /counter HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n continued\r\n\r\n", 400);
  }
  SECTION("no Host, or two") {
    expect_refused(s, "GET /counter HTTP/1.1\r\n\r\n", 400);
    expect_refused(s, "GET /counter HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
  }
  CHECK(s.state() == kUntouched);
}

TEST_CASE("garbage and TLS hellos are answered 400 at once, not after the request timeout") {
  // The request timeout is far longer than the test waits: the answer cannot be the timeout's.
  Target s({"--request-timeout", "600"});
  const std::string tls_hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
  for (const std::string& bytes :
       {tls_hello, std::string("\x00\x01\x02", 3), std::string("{}\r\n")}) {
    RawConnection c(s.counterd.port());
    c.send(bytes);
    auto r = c.read_response(10s);
    REQUIRE(r);
    check_problem(*r, 400);
    CHECK(c.closed_by_server());
  }
}

TEST_CASE("bytes after a whole request that are no request line are answered 400, not 501") {
  Target s;
  for (const std::string& junk : {std::string("hello world\r\n\r\n"), std::string("hello\r\n"),
                                  std::string("BREW /pot\r\n")}) {
    INFO(junk);
    RawConnection c(s.counterd.port());
    c.send("GET /counter HTTP/1.1\r\nHost: t\r\n\r\n" + junk);
    auto first = c.read_response();
    REQUIRE(first);
    CHECK(first->status == 200);
    auto second = c.read_response();
    REQUIRE(second);
    check_problem(*second, 400);
    CHECK(c.closed_by_server());
  }
  expect_refused(s, "BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n",
                 501);  // a request line, unknown method
}

TEST_CASE(
    "chunked request bodies straight to counterd: several on one connection, split anywhere") {
  Target s;
  RawConnection c(s.counterd.port());
  const std::string reset =
      "PUT /reset HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + kManagerCode +
      "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  c.send(reset + "6\r\n{\"valu\r\n");
  c.send("6;ext=1\r\ne\":42}\r\n");
  c.send("0\r\nX-Trailer: yes\r\n\r\n" +
         post_with("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                   "2\r\n{}\r\n0\r\n"));
  c.send("\r\n" + post_with("Transfer-Encoding: chunked\r\n", "0\r\n\r\n") +
         post_with("Content-Length: 0\r\n"));
  for (const char* body :
       {R"({"value":42,"version":1,"initial":1000})", R"({"value":41,"version":2,"initial":1000})",
        R"({"value":40,"version":3,"initial":1000})",
        R"({"value":39,"version":4,"initial":1000})"}) {
    auto r = c.read_response();
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == body);
  }
}

TEST_CASE("a body of a media type that only starts like JSON is 415, like any other") {
  Target s;
  for (const char* type :
       {"application/jsonp", "application/json-seq", "application/jsonx; a=b", "text/json"}) {
    INFO(type);
    RawConnection c(s.counterd.port());
    c.send(post_with(std::string("Content-Type: ") + type + "\r\nContent-Length: 2\r\n", "{}"));
    auto r = c.read_response();
    REQUIRE(r);
    check_problem(*r, 415);
  }
  CHECK(s.state() == kUntouched);
}

TEST_CASE("a request that does not arrive in full in time is answered 408 problem+json") {
  Target s({"--request-timeout", "1"});
  RawConnection c(s.counterd.port());
  c.send("POST /decrement HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n{");
  auto r = c.read_response(20s);
  REQUIRE(r);
  check_problem(*r, 408);
  CHECK(c.closed_by_server());
  CHECK(s.state() == kUntouched);
}

TEST_CASE("an oversize request on one connection leaves later chunked requests on others intact") {
  Target s;
  expect_refused(s, post_with("Content-Length: 20000\r\n", std::string(20000, 'x')), 413);
  RawConnection c(s.counterd.port());
  c.send("PUT /reset HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + kManagerCode +
         "\r\nContent-Type: application/json\r\n"
         "Transfer-Encoding: chunked\r\n\r\n6\r\n{\"valu\r\n6\r\ne\":42}\r\n0\r\n\r\n");
  auto r = c.read_response();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == R"({"value":42,"version":1,"initial":1000})");
}

TEST_CASE("a JSON body followed by a NUL byte and more is refused with 400") {
  Target s;
  auto client = s.counterd.client();
  const std::string tail("{\"value\":5}\0{\"value\":7}", 23);
  auto reset = send(client, "PUT", "/reset", tail, kJsonManager);
  CHECK(reset.status == 400);
  CHECK(reset.body.find("NUL") != std::string::npos);
  CHECK(send(client, "POST", "/decrement", std::string("{}\0x", 4), kJson).status == 400);
  CHECK(s.state() == kUntouched);
}

TEST_CASE("HEAD on a GET route answers like GET without a body, and the connection stays usable") {
  Target s;
  RawConnection c(s.counterd.port());
  c.send("HEAD /counter HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = c.read_response(10s, /*head_only=*/true);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->header("content-length") == std::to_string(kUntouched.size()));
  CHECK_FALSE(head->header("etag").empty());
  c.send("GET /counter HTTP/1.1\r\nHost: t\r\n\r\n");
  auto get = c.read_response();
  REQUIRE(get);
  CHECK(get->status == 200);
  CHECK(get->body == kUntouched);  // nothing of a HEAD body in front of it
  c.send("HEAD /decrement HTTP/1.1\r\nHost: t\r\n\r\n");
  auto refused = c.read_response(10s, /*head_only=*/true);
  REQUIRE(refused);
  CHECK(refused->status == 405);
  CHECK(refused->header("allow") == "POST, OPTIONS");
}

TEST_CASE("out of file descriptors: refuse with 503, log once, never spin, recover") {
  TempDir logs;
  const std::string log = logs.str() + "/counterd.log";
  // 256 files: fewer connections than that fit beside the reactors' own descriptors.
  Target s({}, ProcessOptions{{}, 256, log});
  std::vector<std::unique_ptr<RawConnection>> held;
  int refused = 0;
  for (int i = 0; i < 260; ++i) {
    held.push_back(std::make_unique<RawConnection>(s.counterd.port()));
    held.back()->send("GET /counter HTTP/1.1\r\nHost: t\r\n\r\n");
    auto r = held.back()->read_response();
    REQUIRE(r);
    if (r->status == 503) {
      check_problem(*r, 503);
      ++refused;
    }
  }
  CHECK(refused > 0);
  CHECK(refused < 260);
  // With every slot taken, counterd sits idle instead of retrying accept() in a loop.
  const auto cpu = [&] {
    std::ifstream stat("/proc/" + std::to_string(s.counterd.pid()) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string f;
    long ticks = 0;
    for (int i = 1; i <= 13 && fields >> f; ++i)
      if (i >= 12) ticks += std::stol(f);
    return ticks;
  };
  const long before = cpu();
  std::this_thread::sleep_for(1s);  // a measurement window, not a wait for something
  CHECK(cpu() - before < sysconf(_SC_CLK_TCK) / 2);  // a spinning core would use all of it
  held.clear();
  CHECK(wait_until([&] {
    RawConnection c(s.counterd.port());
    c.send("GET /counter HTTP/1.1\r\nHost: t\r\n\r\n");
    auto r = c.read_response();
    return r && r->status == 200;
  }));
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(std::regex_search(text, std::regex("refusing more with 503")));
  const auto first = text.find("refusing more");
  CHECK(text.find("refusing more", first + 1) == std::string::npos);  // once per episode
}
