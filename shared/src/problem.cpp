#include "counter/problem.hpp"

#include <array>

namespace counter {

namespace {

struct Entry {
  ProblemKind kind;
  int status;
  const char* slug;
  const char* title;
};

constexpr std::array kCatalogue{
    Entry{ProblemKind::malformed_request, 400, "malformed-request", "Malformed request"},
    Entry{ProblemKind::not_found, 404, "not-found", "Not found"},
    Entry{ProblemKind::method_not_allowed, 405, "method-not-allowed", "Method not allowed"},
    Entry{ProblemKind::sold_out, 409, "sold-out", "Sold out"},
    Entry{ProblemKind::payload_too_large, 413, "payload-too-large", "Payload too large"},
    Entry{ProblemKind::unsupported_media_type, 415, "unsupported-media-type",
          "Unsupported media type"},
    Entry{ProblemKind::out_of_range, 422, "out-of-range", "Value out of range"},
    Entry{ProblemKind::internal_error, 500, "internal-error", "Internal error"},
    Entry{ProblemKind::unavailable, 503, "unavailable", "Service unavailable"},
};

constexpr std::string_view kTypePrefix = "urn:camera-counter:problem:";

const Entry& entry(ProblemKind kind) {
  for (const auto& e : kCatalogue)
    if (e.kind == kind) return e;
  return kCatalogue.back();  // unreachable: every kind has an entry
}

}  // namespace

Problem make_problem(ProblemKind kind, std::string detail) {
  const Entry& e = entry(kind);
  return Problem{std::string(kTypePrefix) + e.slug, e.title, e.status, std::move(detail)};
}

std::optional<ProblemKind> problem_kind(const Problem& problem) {
  for (const auto& e : kCatalogue)
    if (problem.type == std::string(kTypePrefix) + e.slug) return e.kind;
  return std::nullopt;
}

Problem problem_for(const DecodeError& error) {
  return make_problem(error.failure == DecodeFailure::out_of_range ? ProblemKind::out_of_range
                                                                   : ProblemKind::malformed_request,
                      error.detail);
}

}  // namespace counter
