#include "counter/problem.hpp"

#include <array>
#include <string_view>

namespace counter {

namespace {

struct Entry {
  ProblemKind kind;
  int status;
  std::string_view slug;
  std::string_view title;
};

constexpr std::array kCatalogue{
#define PROBLEM(kind, status, slug, title) Entry{ProblemKind::kind, status, slug, title},
#include "counter/problem_catalogue.inc"
#undef PROBLEM
};

constexpr std::string_view kTypePrefix = "urn:camera-counter:problem:";

const Entry& entry(ProblemKind kind) {
  // The enum and the array come from the same lines, in the same order.
  return kCatalogue[static_cast<std::size_t>(kind)];
}

}  // namespace

Problem make_problem(ProblemKind kind, std::string detail) {
  const Entry& e = entry(kind);
  return Problem{std::string(kTypePrefix) + std::string(e.slug), std::string(e.title), e.status,
                 std::move(detail)};
}

int status_of(ProblemKind kind) {
  return entry(kind).status;
}

std::optional<ProblemKind> problem_kind(const Problem& problem) {
  const std::string_view type = problem.type;
  if (type.substr(0, kTypePrefix.size()) != kTypePrefix) return std::nullopt;
  for (const auto& e : kCatalogue)
    if (type.substr(kTypePrefix.size()) == e.slug) return e.kind;
  return std::nullopt;
}

Problem problem_for(const DecodeError& error) {
  return make_problem(error.failure == DecodeFailure::out_of_range ? ProblemKind::out_of_range
                                                                   : ProblemKind::malformed_request,
                      error.detail);
}

}  // namespace counter
