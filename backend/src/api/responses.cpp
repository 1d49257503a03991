#include "responses.hpp"

namespace counterd::api {

namespace {

using namespace Pistache;

// Pistache 0.0.5 writes only typed headers into responses (raw ones are dropped).
CUSTOM_HEADER(ETag)

const Http::Mime::MediaType& json_type() {
  static const auto type = Http::Mime::MediaType::fromString("application/json");
  return type;
}

const Http::Mime::MediaType& problem_type() {
  static const auto type = Http::Mime::MediaType::fromString("application/problem+json");
  return type;
}

// The counter changes at any moment: no cache may answer for us.
void add_common_headers(Http::ResponseWriter& response) {
  response.headers().add<Http::Header::CacheControl>(Http::CacheDirective::NoStore);
}

}  // namespace

void send_json(Http::ResponseWriter& response, Http::Code code, const std::string& body) {
  add_common_headers(response);
  response.send(code, body, json_type());
}

void send_problem(Http::ResponseWriter& response, const counter::Problem& problem) {
  add_common_headers(response);
  response.send(static_cast<Http::Code>(problem.status), counter::to_json(problem), problem_type());
}

void send_problem(Http::ResponseWriter& response, counter::ProblemKind kind, std::string detail) {
  send_problem(response, counter::make_problem(kind, std::move(detail)));
}

void send_state(Http::ResponseWriter& response, const counter::CounterState& state,
                const std::string& etag, bool not_modified) {
  response.headers().add<ETag>(etag);
  if (not_modified) {
    add_common_headers(response);
    response.send(Http::Code::Not_Modified);
    return;
  }
  send_json(response, Http::Code::Ok, counter::to_json(state));
}

void send_text(Http::ResponseWriter& response, const std::string& body) {
  add_common_headers(response);
  response.send(Http::Code::Ok, body, MIME(Text, Plain));
}

}  // namespace counterd::api
