#include <catch2/catch.hpp>

#include "counter/stock.hpp"

using namespace counter;

namespace {
Change accepted(const ChangeOutcome& outcome) {
  REQUIRE(std::holds_alternative<Change>(outcome));
  return std::get<Change>(outcome);
}
}  // namespace

TEST_CASE("a decrement sells one camera and bumps the version") {
  const Change c = accepted(decrement(Stock{1000, 7}));
  CHECK(c.kind == ChangeKind::decrement);
  CHECK(c.delta == -1);
  CHECK(c.result == Stock{999, 8});
}

TEST_CASE("a decrement at zero is refused and leaves nothing changed") {
  const Stock empty{0, 42};
  CHECK(std::get<Rejection>(decrement(empty)) == Rejection::sold_out);
  SECTION("a negative stock, which the rules never produce, is refused too") {
    CHECK(std::get<Rejection>(decrement(Stock{-3, 1})) == Rejection::sold_out);
  }
}

TEST_CASE("a decrement from one reaches exactly zero") {
  CHECK(accepted(decrement(Stock{1, 0})).result == Stock{0, 1});
}

TEST_CASE("a reset sets any stock from 0 to the maximum") {
  SECTION("to zero") {
    CHECK(accepted(reset(Stock{5, 1}, 0)).result == Stock{0, 2});
  }
  SECTION("to the maximum") {
    const Change c = accepted(reset(Stock{0, 1}, kMaxStock));
    CHECK(c.result == Stock{kMaxStock, 2});
    CHECK(c.delta == kMaxStock);
  }
  SECTION("to the same value still records a change") {
    CHECK(accepted(reset(Stock{1000, 3}, 1000)).result == Stock{1000, 4});
  }
}

TEST_CASE("a reset outside [0, 1e9] is refused") {
  for (std::int64_t bad : {std::int64_t{-1}, kMaxStock + 1, INT64_MIN, INT64_MAX})
    CHECK(std::get<Rejection>(reset(Stock{10, 1}, bad)) == Rejection::out_of_range);
}

TEST_CASE("the delta of a reset from 0 to the maximum cannot overflow") {
  CHECK(accepted(reset(Stock{0, 0}, kMaxStock)).delta == 1'000'000'000);
  CHECK(accepted(reset(Stock{kMaxStock, 0}, 0)).delta == -1'000'000'000);
}

TEST_CASE("changes stop before the version would pass 2^53 - 1") {
  CHECK(accepted(decrement(Stock{5, kMaxVersion - 1})).result.version == kMaxVersion);
  CHECK(std::get<Rejection>(decrement(Stock{5, kMaxVersion})) == Rejection::version_exhausted);
  CHECK(std::get<Rejection>(reset(Stock{5, kMaxVersion}, 9)) == Rejection::version_exhausted);
}
