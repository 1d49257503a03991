// Every response the API sends is built here: JSON bodies, problem+json errors, and the headers
// all of them carry.
#pragma once

#include <pistache/http.h>

#include <string>

#include "counter/problem.hpp"
#include "counter/wire.hpp"

namespace counterd::api {

void send_json(Pistache::Http::ResponseWriter& response, Pistache::Http::Code code,
               const std::string& body);
void send_problem(Pistache::Http::ResponseWriter& response, const counter::Problem& problem);
void send_problem(Pistache::Http::ResponseWriter& response, counter::ProblemKind kind,
                  std::string detail);

// A counter state with its ETag; 304 without a body when `not_modified`.
void send_state(Pistache::Http::ResponseWriter& response, const counter::CounterState& state,
                const std::string& etag, bool not_modified = false);

void send_text(Pistache::Http::ResponseWriter& response, const std::string& body);

}  // namespace counterd::api
