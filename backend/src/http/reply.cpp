#include "reply.hpp"

#include <pistache/http_defs.h>

#include <ctime>

namespace counterd::http {

namespace {

// The Date field (RFC 9110 §6.6.1), formatted once a second per thread.
const std::string& date_now() {
  thread_local std::time_t formatted_at = 0;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[40];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    text = buf;
    formatted_at = now;
  }
  return text;
}

bool has_body(int status) {
  return status != 204 && status != 304 && status >= 200;
}

}  // namespace

Reply json_reply(int status, std::string body) {
  return Reply{status, "application/json", std::move(body), {}};
}

Reply problem_reply(const counter::Problem& problem) {
  return Reply{problem.status, "application/problem+json", counter::to_json(problem), {}};
}

Reply problem_reply(counter::ProblemKind kind, std::string detail) {
  return problem_reply(counter::make_problem(kind, std::move(detail)));
}

Reply text_reply(std::string body) {
  return Reply{200, "text/plain; version=0.0.4", std::move(body), {}};
}

Reply empty_reply(int status) {
  return Reply{status, "", "", {}};
}

std::string serialize(const Reply& reply, bool http10, bool head, bool close) {
  std::string out;
  out.reserve(192 + reply.body.size());
  out.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ")
      .append(std::to_string(reply.status))
      .append(" ")
      .append(Pistache::Http::codeString(static_cast<Pistache::Http::Code>(reply.status)))
      .append("\r\nDate: ")
      .append(date_now())
      .append("\r\nCache-Control: no-store\r\n");
  if (!reply.content_type.empty())
    out.append("Content-Type: ").append(reply.content_type).append("\r\n");
  for (const auto& [name, value] : reply.headers)
    out.append(name).append(": ").append(value).append("\r\n");
  if (close)
    out.append("Connection: close\r\n");
  else if (http10)
    out.append("Connection: keep-alive\r\n");
  if (has_body(reply.status))
    out.append("Content-Length: ").append(std::to_string(reply.body.size())).append("\r\n");
  out.append("\r\n");
  if (!head && has_body(reply.status)) out.append(reply.body);
  return out;
}

}  // namespace counterd::http
