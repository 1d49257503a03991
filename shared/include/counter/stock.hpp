// The counter's rules: what the stock may be and how each change moves it.
// Pure functions over values; whoever calls them decides how to persist the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace counter {

inline constexpr std::int64_t kMaxStock = 1'000'000'000;
inline constexpr std::int64_t kDefaultInitialStock = 1000;
// Versions travel as JSON numbers; browsers read those as doubles, exact up to 2^53 - 1.
inline constexpr std::uint64_t kMaxVersion = (std::uint64_t{1} << 53) - 1;

struct Stock {
  std::int64_t value = kDefaultInitialStock;
  std::uint64_t version = 0;  // increases by one with every accepted change

  friend bool operator==(const Stock&, const Stock&) = default;
};

// A sale, a manager's reset, and a return (one camera back: a customer's, or a sale undone).
enum class ChangeKind { decrement, reset, returned };

// One accepted change: what happened and the stock it produced.
struct Change {
  ChangeKind kind;
  std::int64_t delta;
  Stock result;

  friend bool operator==(const Change&, const Change&) = default;
};

// Till names ("Front desk"): 1 to this many characters, none of them a control character.
inline constexpr std::size_t kMaxTillNameLength = 40;
bool is_till_name(std::string_view name);  // counts UTF-8 characters; refuses invalid UTF-8

// A change as it is kept in the history: when it happened, what it did, where it came from.
struct RecordedChange {
  std::int64_t at_ms;  // Unix time in milliseconds
  Change change;
  std::string till = {};                     // the till that sent it; empty: none named
  std::optional<std::uint64_t> undoes = {};  // a return that undid a sale: that sale's version

  friend bool operator==(const RecordedChange&, const RecordedChange&) = default;
};

enum class Rejection {
  sold_out,           // a decrement at zero
  out_of_range,       // a reset outside [0, kMaxStock]
  version_exhausted,  // no version number left to give (after 2^53 changes)
};

using ChangeOutcome = std::variant<Change, Rejection>;

constexpr bool is_valid_stock(std::int64_t value) {
  return value >= 0 && value <= kMaxStock;
}

// Sells one: refuses at zero, so the stock never goes below it.
ChangeOutcome decrement(const Stock& current);

// Sets the stock to `target`, which must lie in [0, kMaxStock].
ChangeOutcome reset(const Stock& current, std::int64_t target);

// Takes one back: refuses at kMaxStock (out_of_range), so the stock never goes above it.
ChangeOutcome take_back(const Stock& current);

const char* to_string(ChangeKind kind);
// "sold_out", "out_of_range", "version_exhausted" (as stores keep them), and back.
const char* to_string(Rejection rejection);
std::optional<Rejection> rejection_named(std::string_view name);
// The kind `to_string` names `name`, if any.
std::optional<ChangeKind> change_kind_named(std::string_view name);

}  // namespace counter
