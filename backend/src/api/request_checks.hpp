// Checks on incoming requests that several routes share. Each returns the problem to answer
// with, or nothing when the request passes.
#pragma once

#include <pistache/http.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "counter/problem.hpp"

namespace counterd::api {

// Bodies above this are refused with 413 before they are parsed.
inline constexpr std::size_t kMaxBodyBytes = 1024;

// A body, if present, must be small and declared as JSON (application/json or any */*+json).
std::optional<counter::Problem> check_json_body(const Pistache::Http::Request& request);

// The strong ETag of state `version` in the store named `store_id`.
std::string etag_for(const std::string& store_id, std::uint64_t version);

// Whether an If-None-Match header value names `etag` (weak comparison, lists and "*").
bool none_match_hits(std::string_view if_none_match, const std::string& etag);

std::optional<std::string> header(const Pistache::Http::Request& request, const std::string& name);

}  // namespace counterd::api
