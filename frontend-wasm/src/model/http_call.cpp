#include "model/http_call.hpp"

#include <algorithm>

namespace ui {

using counter::ProblemKind;

std::optional<ProblemKind> problem_of(const HttpResponse& response) {
  auto decoded = counter::decode_problem(response.body);
  if (const auto* p = std::get_if<counter::Problem>(&decoded)) return counter::problem_kind(*p);
  return std::nullopt;
}

bool is_server_trouble(const HttpResponse& response) {
  const auto kind = problem_of(response);
  if (!kind) return response.status == 0 || response.status >= 500;
  return *kind == ProblemKind::internal_error || *kind == ProblemKind::bad_gateway ||
         *kind == ProblemKind::unavailable || *kind == ProblemKind::gateway_timeout;
}

std::string problem_detail(const HttpResponse& response, const std::string& fallback) {
  auto decoded = counter::decode_problem(response.body);
  if (const auto* p = std::get_if<counter::Problem>(&decoded); p && !p->detail.empty())
    return p->detail;
  return fallback;
}

double retry_after_ms(const HttpResponse& response) {
  return std::max(1.0, response.retry_after_s) * 1000;
}

}  // namespace ui
