// Strict framing and parsing of HTTP/1.1 requests: the only parser a request passes through.
//
// (Pistache's own parser is not used: 0.0.5's executes a request whose Content-Length is not a
// number, resumes parsing in the middle of a refused body, drops pipelined requests, answers
// garbage only after its header timeout and refuses media types it cannot type.) The framer
// decides, from the bytes received so far, where the next request ends and whether it is
// acceptable at all, and hands the router the request it read; anything else ends the
// connection with an error answer.
//
// Stricter than RFC 9112 requires, never looser: one Host (HTTP/1.1), at most one
// Content-Length of plain digits, Transfer-Encoding only "chunked" and never with
// Content-Length, no line folding, no control characters, origin-form targets only. A request
// line is judged whole: a malformed one is 400, a well-formed one with a method this server
// does not know 501.
//
// Pure: bytes in, a verdict out. Fuzzed by fuzz/request_framer.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "counter/problem.hpp"
#include "request.hpp"

namespace counterd::http {

struct FrameLimits {
  std::size_t max_head = 8 * 1024;  // request line and header fields (431 above)
  std::size_t max_target = 2048;    // the request target (414 above)
  std::size_t max_body = 1024;      // the body, decoded (413 above)
  std::size_t max_fields = 64;      // header fields (431 above)
};

// A complete, acceptable request at the start of the bytes.
struct Frame {
  std::size_t consumed = 0;  // bytes it took, empty lines before it included
  bool keep_alive = true;    // whether the client may send another request after it
  Request request;           // its body decoded, Transfer-Encoding dropped
};

// Bytes that no request may start with, or a request this server refuses to frame.
struct Violation {
  counter::ProblemKind kind;  // 400, 413, 414, 431, 501 or 505
  std::string detail;
};

// The bytes so far are the valid beginning of a request.
struct NeedMore {};

using FrameResult = std::variant<NeedMore, Frame, Violation>;

FrameResult frame_request(std::string_view bytes, const FrameLimits& limits = {});

}  // namespace counterd::http
