#include "store.hpp"

namespace counterd {

KeptRow to_row(const KeptOutcome& outcome) {
  if (const auto* stock = std::get_if<counter::Stock>(&outcome))
    return {kRecorded, stock->value, static_cast<std::int64_t>(stock->version)};
  return {counter::to_string(std::get<counter::Rejection>(outcome)), std::nullopt, std::nullopt};
}

KeptOutcome from_row(const KeptRow& row) {
  if (row.outcome == kRecorded) {
    if (!row.value || !row.version || *row.version < 0)
      throw StoreError("a kept outcome says recorded but holds no state");
    return counter::Stock{*row.value, static_cast<std::uint64_t>(*row.version)};
  }
  if (const auto rejection = counter::rejection_named(row.outcome)) return *rejection;
  throw StoreError("a kept outcome of an unknown kind: " + row.outcome);
}

}  // namespace counterd
