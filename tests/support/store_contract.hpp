// The store contract: what the service relies on from every Store, checked the same way on each
// (memory and SQLite in the unit tests, PostgreSQL in the PostgreSQL tests). Include it in one
// file per test program, after declaring the fixtures it runs on:
//   using ContractStores = std::tuple<...>;   every store
//   using DurableStores = std::tuple<...>;    the stores that keep what they hold across a close
// A fixture's open() opens its store; called again after the first is gone, it opens the same
// store again.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "support/history_contract.hpp"

namespace testsupport::contract {

using counter::ChangeKind;
using counter::RecordedChange;
using counter::Stock;
using counterd::HistoryOrder;
using counterd::KeptRequest;
using counterd::StoreError;
using counterd::StoreTransaction;

inline RecordedChange at(std::int64_t ms, ChangeKind kind, std::int64_t delta, Stock result) {
  return RecordedChange{ms, counter::Change{kind, delta, result}};
}

inline RecordedChange sale(std::int64_t ms, std::int64_t value, std::uint64_t version) {
  return at(ms, ChangeKind::decrement, -1, {value, version});
}

// Records `batch` in one transaction.
inline void record(counterd::Store& store, const std::vector<RecordedChange>& batch) {
  store.transact(1000, [&](StoreTransaction& tx) {
    for (const auto& c : batch) tx.record(c);
  });
}

inline const KeptRequest kKept{"POST /decrement\n", Stock{999, 1}};
inline const KeptRequest kRefused{"PUT /reset\n{\"value\":-1}", counter::Rejection::out_of_range};

}  // namespace testsupport::contract

TEMPLATE_LIST_TEST_CASE("store contract: the initial stock applies only while nothing is recorded",
                        "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  CHECK(store->load(50) == Stock{50, 0});
  CHECK_FALSE(store->unwritable());
  CHECK(store->id().size() == 16);
  record(*store, {sale(1, 49, 1)});
  CHECK(store->load(7000) == Stock{49, 1});
}

TEMPLATE_LIST_TEST_CASE("store contract: batches append in order; a transaction sees its own",
                        "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  record(*store, {sale(10, 999, 1), sale(11, 998, 2)});
  store->transact(1000, [&](StoreTransaction& tx) {
    CHECK(tx.stock() == Stock{998, 2});
    tx.record(at(12, ChangeKind::reset, 2, {1000, 3}));
    CHECK(tx.stock() == Stock{1000, 3});
    tx.record(sale(12, 999, 4));
  });
  CHECK(store->load(1000) == Stock{999, 4});
  const auto all = store->history(0, 100, 10, HistoryOrder::oldest_first, "");
  REQUIRE(all.size() == 4);
  CHECK(all[2] == at(12, ChangeKind::reset, 2, {1000, 3}));
}

TEMPLATE_LIST_TEST_CASE("store contract: a batch that breaks a rule is not recorded at all",
                        "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  record(*store, {sale(1, 999, 1)});
  SECTION("a version used twice") {
    CHECK_THROWS_AS(record(*store, {sale(2, 998, 2), sale(3, 997, 1)}), StoreError);
  }
  SECTION("a stock below zero") {
    CHECK_THROWS_AS(record(*store, {sale(2, 998, 2), sale(3, -1, 3)}), StoreError);
  }
  SECTION("a stock above the maximum") {
    CHECK_THROWS_AS(record(*store, {at(2, ChangeKind::reset, 1, {counter::kMaxStock + 1, 2})}),
                    StoreError);
  }
  CHECK(store->load(1000) == Stock{999, 1});
  CHECK(store->history(0, 100, 10, HistoryOrder::oldest_first, "").size() == 1);
  record(*store, {sale(4, 998, 2)});  // and the store goes on working
  CHECK(store->load(1000) == Stock{998, 2});
}

TEMPLATE_LIST_TEST_CASE("store contract: work that throws leaves nothing recorded or kept",
                        "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  CHECK_THROWS_AS(store->transact(1000,
                                  [&](StoreTransaction& tx) {
                                    tx.record(sale(1, 999, 1));
                                    tx.keep("lost", kKept, 1);
                                    throw std::runtime_error("the caller changed its mind");
                                  }),
                  std::runtime_error);
  CHECK(store->load(1000) == Stock{1000, 0});
  CHECK(store->history(0, 100, 10, HistoryOrder::oldest_first, "").empty());
  store->transact(1000, [&](StoreTransaction& tx) {
    CHECK(tx.find_kept({"lost"}) == std::vector<std::optional<KeptRequest>>{std::nullopt});
  });
}

TEMPLATE_LIST_TEST_CASE("store contract: kept outcomes (a state, a refusal) are found by key",
                        "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  store->transact(1000, [&](StoreTransaction& tx) {
    tx.record(sale(2, 999, 1));
    tx.keep("k", kKept, 2);
    tx.keep("refused", kRefused, 2);
  });
  store->transact(1000, [&](StoreTransaction& tx) {
    const auto found = tx.find_kept({"other", "k", "refused", "k"});
    REQUIRE(found.size() == 4);
    CHECK_FALSE(found[0]);
    CHECK(found[1] == kKept);
    CHECK(found[2] == kRefused);
    CHECK(found[3] == kKept);
  });
}

TEMPLATE_LIST_TEST_CASE(
    "store contract: kept answers older than a time are forgotten, a few at a "
    "time",
    "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  store->transact(1000, [&](StoreTransaction& tx) {
    for (int i = 0; i < 10; ++i) tx.keep("k" + std::to_string(i), kRefused, 100 + i);
  });
  CHECK(store->forget_kept(105, 3) == 3);
  CHECK(store->forget_kept(105, 3) == 2);  // only five were older than 105
  CHECK(store->forget_kept(105, 3) == 0);
  store->transact(1000, [&](StoreTransaction& tx) {
    const auto found = tx.find_kept({"k4", "k5"});
    CHECK_FALSE(found[0]);
    CHECK(found[1]);
  });
}

TEMPLATE_LIST_TEST_CASE("store contract: history by time range, either end first, with a limit",
                        "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  std::vector<RecordedChange> batch;
  for (std::uint64_t v = 1; v <= 10; ++v)
    batch.push_back(
        sale(static_cast<std::int64_t>(v) * 100, 1000 - static_cast<std::int64_t>(v), v));
  record(*store, batch);
  const auto middle = store->history(300, 600, 100, HistoryOrder::oldest_first, "");  // [300, 600)
  REQUIRE(middle.size() == 3);
  CHECK(middle.front() == batch[2]);
  CHECK(middle.back() == batch[4]);
  const auto newest = store->history(0, 10000, 2, HistoryOrder::newest_first, "");
  REQUIRE(newest.size() == 2);
  CHECK(newest[0] == batch[9]);
  CHECK(newest[1] == batch[8]);
  CHECK(store->history(0, 10000, 4, HistoryOrder::oldest_first, "").size() == 4);
  CHECK(store->history(2000, 3000, 10, HistoryOrder::oldest_first, "").empty());
}

TEMPLATE_LIST_TEST_CASE("store contract: sales and resets counted per bucket", "[store]",
                        ContractStores) {
  TestType fixture;
  const auto store = fixture.open();
  testsupport::check_history_contract(*store);
}

TEMPLATE_LIST_TEST_CASE("store contract: returns, tills and undos are kept, read back and counted",
                        "[store]", ContractStores) {
  using namespace testsupport::contract;
  TestType fixture;
  const auto store = fixture.open();
  auto sold = sale(1000, 999, 1);
  sold.till = "Front desk";
  auto undo = at(2000, ChangeKind::returned, 1, {1000, 2});
  undo.till = "Caisse n\xc2\xb0 2";  // UTF-8 kept as sent
  undo.undoes = 1;
  const auto returned = at(3000, ChangeKind::returned, 1, {1001, 3});
  const auto other = sale(4000, 1000, 4);
  store->transact(1000, [&](StoreTransaction& tx) {
    tx.record(sold);
    tx.keep("sale-1", {"POST /decrement\n", Stock{999, 1}}, 1000);
  });
  store->transact(1000, [&](StoreTransaction& tx) {
    const auto found = tx.find_sale("sale-1");
    REQUIRE(found);
    CHECK(found->sale == sold);
    CHECK_FALSE(found->undo);
    CHECK_FALSE(tx.find_sale("no-such-key"));
    tx.record(undo);
    tx.record(returned);
    tx.keep("reset-1", {"PUT /reset\n", Stock{1001, 3}}, 3000);
    tx.record(other);
    tx.keep("refused", kRefused, 4000);
  });
  store->transact(1000, [&](StoreTransaction& tx) {
    const auto found = tx.find_sale("sale-1");
    REQUIRE(found);
    CHECK(found->undo == undo);
    CHECK_FALSE(tx.find_sale("reset-1"));  // kept, but not a sale's key
    CHECK_FALSE(tx.find_sale("refused"));  // kept, but nothing recorded
  });
  CHECK(store->history(0, 10000, 10, HistoryOrder::oldest_first, "") ==
        std::vector<RecordedChange>{sold, undo, returned, other});
  CHECK(store->history(0, 10000, 10, HistoryOrder::newest_first, "Front desk") ==
        std::vector<RecordedChange>{sold});
  const counter::SalesQuery all{counter::Bucket::day, 0, 10000, 0, ""};
  const auto report = counter::make_sales_report(all, store->count_sales(all));
  CHECK(report.sales == 2);
  CHECK(report.returns == 2);
  // A sale is undone once: a second return naming it is refused, and nothing of it kept.
  auto again = at(5000, ChangeKind::returned, 1, {1001, 5});
  again.undoes = 1;
  CHECK_THROWS_AS(record(*store, {again}), StoreError);
  CHECK(store->load(1000) == Stock{1000, 4});
}

TEMPLATE_LIST_TEST_CASE(
    "store contract: sales per hour and day of a named zone, across its clock "
    "changes",
    "[store]", ContractStores) {
  TestType fixture;
  const auto store = fixture.open();
  testsupport::check_zoned_sales_contract(*store);
}

TEMPLATE_LIST_TEST_CASE("store contract: changes, kept answers and the id survive reopening",
                        "[store]", DurableStores) {
  using namespace testsupport::contract;
  TestType fixture;
  std::string id;
  {
    const auto store = fixture.open();
    id = store->id();
    record(*store, {sale(10, 999, 1), sale(11, 998, 2)});
    store->transact(1000, [&](StoreTransaction& tx) {
      tx.record(at(12, ChangeKind::reset, 2, {1000, 3}));
      tx.keep("k", kKept, 12);
    });
  }
  const auto reopened = fixture.open();
  CHECK(reopened->load(1000) == Stock{1000, 3});
  CHECK(reopened->id() == id);
  CHECK(reopened->history(0, 100, 10, HistoryOrder::oldest_first, "").size() == 3);
  reopened->transact(1000,
                     [&](StoreTransaction& tx) { CHECK(tx.find_kept({"k"}).front() == kKept); });
}
