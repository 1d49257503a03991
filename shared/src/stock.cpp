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

ChangeOutcome take_back(const Stock& current) {
  if (current.value >= kMaxStock) return Rejection::out_of_range;
  return next(current, ChangeKind::returned, current.value + 1);
}

bool is_till_name(std::string_view name) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < name.size(); ++characters) {
    const auto byte = static_cast<unsigned char>(name[i]);
    const std::size_t length = byte < 0x80           ? 1
                               : (byte >> 5) == 0x6  ? 2
                               : (byte >> 4) == 0xE  ? 3
                               : (byte >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || i + length > name.size()) return false;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(name[i + k]) >> 6) != 0x2) return false;
    if (byte < 0x20 || byte == 0x7F) return false;  // control characters
    if (byte == 0xC2 && static_cast<unsigned char>(name[i + 1]) < 0xA0) return false;  // C1
    i += length;
  }
  return characters >= 1 && characters <= kMaxTillNameLength;
}

const char* to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::decrement:
      return "decrement";
    case ChangeKind::reset:
      return "reset";
    case ChangeKind::returned:
      break;
  }
  return "return";
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
  for (const ChangeKind kind : {ChangeKind::decrement, ChangeKind::reset, ChangeKind::returned})
    if (name == to_string(kind)) return kind;
  return std::nullopt;
}

}  // namespace counter
