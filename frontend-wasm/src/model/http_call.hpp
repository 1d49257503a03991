// The HTTP the UI's models speak: the requests they ask the browser to send and the answers
// they are given back, and how an answer is read (a refusal, or trouble worth retrying).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "counter/problem.hpp"

namespace ui {

enum class Call { refresh, sell, reset, sales, recent_changes };

struct HttpRequest {
  Call call;
  std::string method;
  std::string path;
  std::string body;                                          // JSON, or empty
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Accept and Content-Type
};

struct HttpResponse {
  int status = 0;  // 0: no answer at all (network down, timeout)
  std::string body;
  std::string etag;
  double retry_after_s = 0;  // the Retry-After header, 0 when there is none
};

using Requests = std::vector<HttpRequest>;

// How soon a request goes again when the server is still deciding its Idempotency-Key.
constexpr double kKeyInUseRetryMs = 500;

// The problem type of an answer that carries one.
std::optional<counter::ProblemKind> problem_of(const HttpResponse& response);
// No answer, or one that says the server (or the proxy before it) could not help right now.
bool is_server_trouble(const HttpResponse& response);
// The problem's detail, or `fallback` when the answer has none.
std::string problem_detail(const HttpResponse& response, const std::string& fallback);
// How long Retry-After asks to wait, at least a second.
double retry_after_ms(const HttpResponse& response);

}  // namespace ui
