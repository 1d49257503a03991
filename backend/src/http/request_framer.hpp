// Strict framing of HTTP/1.1 requests, before Pistache's parser sees a byte.
//
// Pistache 0.0.5's parser executes a request whose Content-Length is not a number, resumes
// parsing in the middle of a refused body, drops pipelined requests and answers garbage only
// after its header timeout. The framer decides, from the bytes received so far, where the next
// request ends and whether it is acceptable at all; a connection only ever carries whole,
// well-formed requests to the parser, and anything else ends it with an error answer.
//
// Stricter than RFC 9112 requires, never looser: one Host (HTTP/1.1), at most one
// Content-Length of plain digits, Transfer-Encoding only "chunked" and never with
// Content-Length, no line folding, no control characters, origin-form targets only. A chunked
// body is decoded here and handed on as a Content-Length request, so that Pistache's chunk
// parser never runs.
//
// Pure: bytes in, a verdict out. Fuzzed by fuzz/request_framer.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "counter/problem.hpp"

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
  std::size_t start = 0;     // where its request line starts (after those empty lines)
  bool keep_alive = true;    // whether the client may send another request after it
  // A chunked request rewritten with Content-Length (empty when the bytes can be used as sent).
  std::string rewritten;
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
