#include "counter/stock.hpp"

namespace counter {

namespace {

ChangeOutcome next(const Stock& current, ChangeKind kind, std::int64_t target) {
  // Checked before anything changes, so a refused change leaves no trace.
  if (current.version >= kMaxVersion) return Rejection::version_exhausted;
  return Change{kind, target - current.value, Stock{target, current.version + 1}};
}

}  // namespace

ChangeOutcome decrement(const Stock& current) {
  if (current.value <= 0) return Rejection::sold_out;
  return next(current, ChangeKind::decrement, current.value - 1);
}

ChangeOutcome reset(const Stock& current, std::int64_t target) {
  if (!is_valid_stock(target)) return Rejection::out_of_range;
  return next(current, ChangeKind::reset, target);
}

const char* to_string(ChangeKind kind) {
  return kind == ChangeKind::decrement ? "decrement" : "reset";
}

std::optional<ChangeKind> change_kind_named(std::string_view name) {
  for (const ChangeKind kind : {ChangeKind::decrement, ChangeKind::reset})
    if (name == to_string(kind)) return kind;
  return std::nullopt;
}

}  // namespace counter
