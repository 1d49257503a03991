#include "idempotency.hpp"

namespace counterd::api {

std::variant<std::optional<std::string>, counter::Problem> idempotency_key(
    const http::Request& request) {
  auto key = request.header("Idempotency-Key");
  if (!key) return std::optional<std::string>();
  if (key->size() >= 2 && key->front() == '"' && key->back() == '"')
    *key = key->substr(1, key->size() - 2);
  const auto bad = [](std::string detail) {
    return counter::make_problem(counter::ProblemKind::malformed_request,
                                 "Idempotency-Key " + std::move(detail));
  };
  if (key->empty()) return bad("is empty");
  if (key->size() > counter::kMaxIdempotencyKeyLength)
    return bad("is " + std::to_string(key->size()) + " characters long; at most " +
               std::to_string(counter::kMaxIdempotencyKeyLength) + " are accepted");
  if (!counter::is_idempotency_key(*key)) return bad("must be printable ASCII");
  return key;
}

std::string fingerprint(const http::Request& request) {
  return std::string(http::name_of(request.method())) + " " + request.path() + "\n" +
         request.body();
}

}  // namespace counterd::api
