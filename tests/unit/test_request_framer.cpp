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
  CHECK(f.start == 4);
  CHECK(f.consumed == 4 + kGet.size());
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

TEST_CASE("a chunked request is decoded and rewritten with Content-Length") {
  const std::string chunked =
      "PUT /reset HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Type: "
      "application/json\r\n\r\n6;x=1\r\n{\"valu\r\n6\r\ne\":42}\r\n0\r\nX-T: 1\r\n\r\n";
  const Frame f = frame_of(chunked + kGet);
  CHECK(f.consumed == chunked.size());
  CHECK(f.rewritten ==
        "PUT /reset HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
        "12\r\n\r\n{\"value\":42}");
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
