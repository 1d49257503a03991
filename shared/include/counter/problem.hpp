// The catalogue of problems the API can answer with (problem_catalogue.inc), and the one place
// that builds them.
#pragma once

#include <optional>
#include <string>

#include "counter/wire.hpp"

namespace counter {

enum class ProblemKind {
#define PROBLEM(kind, status, slug, title) kind,
#include "counter/problem_catalogue.inc"
#undef PROBLEM
};

// Builds the problem for `kind`; `detail` says what happened to this request in particular.
Problem make_problem(ProblemKind kind, std::string detail);

// The HTTP status of `kind`.
int status_of(ProblemKind kind);

// Recognises a problem the API sent by its `type` (clients must not parse titles or details).
std::optional<ProblemKind> problem_kind(const Problem& problem);

// The problem for a request body that failed to decode (400 or 422).
Problem problem_for(const DecodeError& error);

}  // namespace counter
