// The Idempotency-Key request header (IETF httpapi draft "The Idempotency-Key HTTP Header
// Field"): what a valid key is, and what makes two requests "the same request".
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "counter/problem.hpp"
#include "http/request.hpp"

namespace counterd::api {

// The request's key: none when the header is absent, or the problem (400) when it is empty,
// longer than counter::kMaxIdempotencyKeyLength, or not printable ASCII. A key sent as a quoted
// string (the draft's sf-string form) counts without its quotes.
std::variant<std::optional<std::string>, counter::Problem> idempotency_key(
    const http::Request& request);

// What a repeat under the same key must match: method, path and body.
std::string fingerprint(const http::Request& request);

}  // namespace counterd::api
