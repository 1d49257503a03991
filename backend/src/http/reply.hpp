// An answer to one request, as a value. The API builds it on whatever thread has the answer;
// the connection's reactor thread writes it, adding what depends on the connection (whether it
// stays open, and no body for HEAD).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "counter/problem.hpp"

namespace counterd::http {

struct Reply {
  int status = 200;
  std::string content_type;  // empty when there is no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the ones every reply has

  Reply&& with(std::string name, std::string value) && {
    headers.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
};

Reply json_reply(int status, std::string body);
Reply problem_reply(const counter::Problem& problem);
Reply problem_reply(counter::ProblemKind kind, std::string detail);
Reply text_reply(std::string body);
Reply empty_reply(int status);  // 204 or 304: no body, no Content-Length

// The reply as bytes on the wire, for a request of HTTP/1.0 (`http10`) or 1.1. `head`: the
// request was HEAD (headers as for GET, no body). `close`: the connection ends after it.
// Every reply carries Cache-Control: no-store: the counter changes at any moment.
std::string serialize(const Reply& reply, bool http10, bool head, bool close);

}  // namespace counterd::http
