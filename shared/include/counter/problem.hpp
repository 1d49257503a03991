// The catalogue of problems the API can answer with: one entry per kind, one place that builds
// them.
#pragma once

#include <optional>
#include <string>

#include "counter/wire.hpp"

namespace counter {

enum class ProblemKind {
  malformed_request,       // 400
  not_found,               // 404
  method_not_allowed,      // 405
  sold_out,                // 409
  payload_too_large,       // 413
  unsupported_media_type,  // 415
  out_of_range,            // 422
  internal_error,          // 500
  unavailable,             // 503
};

// Builds the problem for `kind`; `detail` says what happened to this request in particular.
Problem make_problem(ProblemKind kind, std::string detail);

// Recognises a problem the API sent by its `type` (clients must not parse titles or details).
std::optional<ProblemKind> problem_kind(const Problem& problem);

// The problem for a request body that failed to decode (400 or 422).
Problem problem_for(const DecodeError& error);

}  // namespace counter
