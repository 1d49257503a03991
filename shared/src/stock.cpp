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

const char* to_string(Rejection rejection) {
  switch (rejection) {
    case Rejection::sold_out:
      return "sold_out";
    case Rejection::out_of_range:
      return "out_of_range";
    case Rejection::version_exhausted:
      break;
  }
  return "version_exhausted";
}

std::optional<Rejection> rejection_named(std::string_view name) {
  for (const Rejection r :
       {Rejection::sold_out, Rejection::out_of_range, Rejection::version_exhausted})
    if (name == to_string(r)) return r;
  return std::nullopt;
}

std::optional<ChangeKind> change_kind_named(std::string_view name) {
  for (const ChangeKind kind : {ChangeKind::decrement, ChangeKind::reset})
    if (name == to_string(kind)) return kind;
  return std::nullopt;
}

}  // namespace counter
