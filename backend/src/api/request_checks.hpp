// Checks on incoming requests that several routes share. Each returns the problem to answer
// with, or nothing when the request passes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "counter/problem.hpp"
#include "http/request.hpp"

namespace counterd::api {

// A body, if present, must be declared as JSON (application/json or any application/*+json).
// (Its size is capped by the HTTP layer before a route sees it.)
std::optional<counter::Problem> check_json_body(const http::Request& request);

// Whether a Content-Type value names JSON: application/json or application/*+json, any
// parameters, any case.
bool is_json_media_type(std::string_view content_type);

// A query parameter's text as a whole number in [min, max]; `fallback` when it is absent.
std::variant<std::int64_t, counter::Problem> query_integer(const std::optional<std::string>& text,
                                                           std::string_view name,
                                                           std::int64_t fallback, std::int64_t min,
                                                           std::int64_t max);

// A query parameter that bounds a range (a time, a version): any whole number, however large or
// small, brought into [min, max] (a bound past everything stored selects nothing, and is no
// error); `fallback` when it is absent.
std::variant<std::int64_t, counter::Problem> query_bound(const std::optional<std::string>& text,
                                                         std::string_view name,
                                                         std::int64_t fallback, std::int64_t min,
                                                         std::int64_t max);

// The strong ETag of state `version` in the store named `store_id`.
std::string etag_for(const std::string& store_id, std::uint64_t version);

// Whether an If-None-Match header value names `etag` (weak comparison, lists and "*").
bool none_match_hits(std::string_view if_none_match, const std::string& etag);

}  // namespace counterd::api
