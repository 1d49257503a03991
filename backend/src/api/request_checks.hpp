// Checks on incoming requests that several routes share. Each returns the problem to answer
// with, or nothing when the request passes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "counter/problem.hpp"
#include "http/request.hpp"

namespace counterd::api {

// A body, if present, must be declared as JSON (application/json or any application/*+json).
// (Its size is capped by the HTTP layer before a route sees it.)
std::optional<counter::Problem> check_json_body(const http::Request& request);

// The strong ETag of state `version` in the store named `store_id`.
std::string etag_for(const std::string& store_id, std::uint64_t version);

// Whether an If-None-Match header value names `etag` (weak comparison, lists and "*").
bool none_match_hits(std::string_view if_none_match, const std::string& etag);

}  // namespace counterd::api
