// The request framer: where a request ends, and which bytes no request may contain.
#include <catch2/catch.hpp>

#include "http/request_framer.hpp"

using namespace counterd::http;
using counter::ProblemKind;

namespace {

const std::string kGet = "GET /counter HTTP/1.1\r\nHost: t\r\n\r\n";

Frame frame_of(std::string_view bytes) {
  auto result = frame_request(bytes);
  if (auto* v = std::get_if<Violation>(&result)) FAIL("refused: " << v->detail);
  REQUIRE(std::holds_alternative<Frame>(result));
  return std::get<Frame>(result);
}

ProblemKind refusal_of(std::string_view bytes) {
  auto result = frame_request(bytes);
  REQUIRE(std::holds_alternative<Violation>(result));
  return std::get<Violation>(result).kind;
}

}  // namespace

TEST_CASE("a complete request is framed to its last byte, whatever follows it") {
  CHECK(frame_of(kGet).consumed == kGet.size());
  CHECK(frame_of(kGet + kGet).consumed == kGet.size());
  const std::string post = "POST /decrement HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}";
  CHECK(frame_of(post + "GET").consumed == post.size());
}

TEST_CASE("every strict prefix of a request needs more bytes") {
  const std::string post = "POST /decrement HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}";
  for (std::size_t n = 0; n < post.size(); ++n) {
    INFO(n);
    CHECK(std::holds_alternative<NeedMore>(frame_request(post.substr(0, n))));
  }
}

TEST_CASE("empty lines before a request are skipped, a few of them") {
  const Frame f = frame_of("\r\n\r\n" + kGet);
  CHECK(f.consumed == 4 + kGet.size());
  CHECK(f.request.path() == "/counter");
  CHECK(refusal_of(std::string(20, '\r') + kGet) == ProblemKind::malformed_request);
}

TEST_CASE("keep-alive follows the version and the Connection field") {
  CHECK(frame_of(kGet).keep_alive);
  CHECK_FALSE(frame_of("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").keep_alive);
  CHECK_FALSE(frame_of("GET / HTTP/1.0\r\n\r\n").keep_alive);
  CHECK(frame_of("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive);
  CHECK_FALSE(
      frame_of("GET / HTTP/1.1\r\nHost: t\r\nConnection: keep-alive, close\r\n\r\n").keep_alive);
}

TEST_CASE("a request is read into its method, path, query, fields and body") {
  const Frame f = frame_of(
      "POST /decrement?since=5&tz=Europe%2FBerlin&empty HTTP/1.1\r\nHost: t\r\n"
      "Content-Type: application/jsonp\r\nX-List: a\r\nx-list: b\r\nContent-Length: 2\r\n\r\n{}");
  const Request& r = f.request;
  CHECK(r.method() == Method::Post);
  CHECK_FALSE(r.http10());
  CHECK(r.path() == "/decrement");
  CHECK(r.query("since") == "5");
  CHECK(r.query("tz") == "Europe/Berlin");
  CHECK(r.query("empty") == "");
  CHECK_FALSE(r.query("until"));
  CHECK(r.header("content-type") == "application/jsonp");  // any media type, as sent
  CHECK(r.header("X-List") == "a, b");
  CHECK_FALSE(r.header("Authorization"));
  CHECK(r.body() == "{}");
  CHECK(frame_of("GET / HTTP/1.0\r\n\r\n").request.http10());
}

TEST_CASE("a chunked request's body is decoded, its Transfer-Encoding dropped") {
  const std::string chunked =
      "PUT /reset HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Type: "
      "application/json\r\n\r\n6;x=1\r\n{\"valu\r\n6\r\ne\":42}\r\n0\r\nX-T: 1\r\n\r\n";
  const Frame f = frame_of(chunked + kGet);
  CHECK(f.consumed == chunked.size());
  CHECK(f.request.method() == Method::Put);
  CHECK(f.request.body() == "{\"value\":42}");
  CHECK(f.request.header("Content-Type") == "application/json");
  CHECK_FALSE(f.request.header("Transfer-Encoding"));
  CHECK_FALSE(f.request.header("X-T"));  // trailers are checked, then dropped
}

TEST_CASE("bytes that are no request line are 400; a whole line with an unknown method is 501") {
  CHECK(refusal_of("hello world\r\n") == ProblemKind::malformed_request);
  CHECK(refusal_of("hello\r\n") == ProblemKind::malformed_request);
  CHECK(refusal_of("BREW /pot\r\n") == ProblemKind::malformed_request);
  CHECK(std::holds_alternative<NeedMore>(frame_request("BREW /pot HTTP/1.1\r")));
  CHECK(refusal_of("BREW /pot HTTP/1.1\r\n") == ProblemKind::not_implemented);
  CHECK(refusal_of("get / HTTP/1.1\r\n") == ProblemKind::not_implemented);  // case-sensitive
  CHECK(refusal_of(std::string(65, 'M')) == ProblemKind::not_implemented);  // RFC 9112 §3
}

TEST_CASE("refusals, each with its status") {
  CHECK(refusal_of("\x16\x03\x01") == ProblemKind::malformed_request);
  CHECK(refusal_of("BREW / HTTP/1.1\r\n") == ProblemKind::not_implemented);
  CHECK(refusal_of("GET / HTTP/2.0\r\n") == ProblemKind::http_version_not_supported);
  CHECK(refusal_of("GET / HTTP/1\r\n") == ProblemKind::malformed_request);
  CHECK(refusal_of("GET http://x/ HTTP/1.1\r\n") == ProblemKind::malformed_request);
  CHECK(refusal_of("GET /" + std::string(3000, 'a')) == ProblemKind::uri_too_long);
  CHECK(refusal_of("GET / HTTP/1.1\r\nX: " + std::string(9000, 'a')) ==
        ProblemKind::header_fields_too_large);
  CHECK(refusal_of("GET / HTTP/1.1\r\n\r\n") == ProblemKind::malformed_request);  // no Host
  CHECK(refusal_of("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n") ==
        ProblemKind::payload_too_large);
  CHECK(refusal_of("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1e3\r\n\r\n") ==
        ProblemKind::malformed_request);
  CHECK(refusal_of("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n") ==
        ProblemKind::not_implemented);
  CHECK(
      refusal_of("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcdefg") ==
      ProblemKind::malformed_request);  // a chunk longer than its size
  CHECK(refusal_of("GET / HTTP/1.1\r\nHost: t\r\nX: a\x01\x62\r\n\r\n") ==
        ProblemKind::malformed_request);
}
