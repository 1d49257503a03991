// The SQL both durable stores run, written once. SQLite and PostgreSQL differ here only in a few
// words, which render() fills in: table names (PostgreSQL's carry a `counter_` prefix, as they
// may share a database's schema), the 64-bit integer type (SQLite's INTEGER PRIMARY KEY is its
// row id) and numbered placeholders ($1 or ?1). What must differ is in each store, with why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "counter/stock.hpp"
#include "store.hpp"

namespace counterd {

enum class SqlDialect { sqlite, postgres };

// One schema numbering for both stores: 1 changes, 2 requests kept under idempotency keys,
// 3 sales counted per minute, 4 kept outcomes instead of rendered answers, 5 returns, till
// names and undos. (PostgreSQL stores were numbered from its own start before 4: its 1 and 2
// are 2 and 3 here.)
inline constexpr int kStoreSchemaVersion = 5;

// The changes (the history) and their index by time.
std::string changes_table_sql(SqlDialect dialect);
// The outcomes kept under idempotency keys, and their index by time (for forgetting).
std::string kept_table_sql(SqlDialect dialect);
// Sales and resets per minute (kept up to date by each store's trigger).
std::string sales_table_sql(SqlDialect dialect);
// Counts the changes recorded before the store counted per minute (none in a new store).
std::string count_earlier_sales_sql(SqlDialect dialect);
// Changes with $1 <= at_ms < $2 from till $4 ('' for every till), at most $3, from the chosen
// end: version, at_ms, kind, delta, value, till, undoes.
std::string history_sql(SqlDialect dialect, HistoryOrder order);
// The sale kept under idempotency key $1, then the return that undid it: rows as history_sql's.
std::string find_sale_sql(SqlDialect dialect);
// The counts of a SalesPlan's three parts ($1..$8 as sales_plan.hpp orders them): bucket,
// sales, resets, returns.
std::string count_sales_sql(SqlDialect dialect);
// Schema 5 for a store made before it: sales_by_minute counts returns too.
std::string returns_per_minute_sql(SqlDialect dialect);
// Forgets at most $2 kept outcomes older than $1.
std::string forget_kept_sql(SqlDialect dialect);

// A row of history_sql() as a change; throws StoreError for a kind no change has.
counter::RecordedChange change_from_row(std::uint64_t version, std::int64_t at_ms,
                                        std::string_view kind, std::int64_t delta,
                                        std::int64_t value, std::string_view till,
                                        std::optional<std::uint64_t> undoes);

// `text` with {p} (the table prefix), {int} (the 64-bit integer type), {max_stock} and, for
// SQLite, $n as ?n.
std::string render_sql(std::string_view text, SqlDialect dialect);

}  // namespace counterd
