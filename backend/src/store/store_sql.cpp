#include "store_sql.hpp"

namespace counterd {

namespace {

constexpr const char* kChanges = R"sql(
CREATE TABLE IF NOT EXISTS {p}changes (
  version {int} PRIMARY KEY,
  at_ms   {int} NOT NULL,
  kind    TEXT  NOT NULL CHECK (kind IN ('decrement', 'reset', 'return')),
  delta   {int} NOT NULL,
  value   {int} NOT NULL CHECK (value BETWEEN 0 AND {max_stock}),
  till    TEXT,   -- the till that sent it, if it named one
  undoes  {int}   -- a return that undid a sale: the sale's version (once per sale)
);
CREATE INDEX IF NOT EXISTS {p}changes_by_time ON {p}changes (at_ms);
CREATE UNIQUE INDEX IF NOT EXISTS {p}changes_by_sale_undone ON {p}changes (undoes);
)sql";

// Schema 5 in a store made before it: returns are counted per minute from now on (no change
// before 5 was one).
constexpr const char* kReturnsPerMinute =
    "ALTER TABLE {p}sales_by_minute ADD COLUMN returns {int} NOT NULL DEFAULT 0";

constexpr const char* kKept = R"sql(
CREATE TABLE IF NOT EXISTS {p}kept_outcomes (
  key         TEXT  PRIMARY KEY,
  at_ms       {int} NOT NULL,
  fingerprint TEXT  NOT NULL,
  outcome     TEXT  NOT NULL,  -- 'recorded' (value, version), or the rule that refused it
  value       {int},
  version     {int}
);
CREATE INDEX IF NOT EXISTS {p}kept_outcomes_by_time ON {p}kept_outcomes (at_ms);
)sql";

constexpr const char* kSales = R"sql(
CREATE TABLE IF NOT EXISTS {p}sales_by_minute (
  minute  {int} PRIMARY KEY,  -- at_ms / 60000
  sales   {int} NOT NULL,
  resets  {int} NOT NULL,
  returns {int} NOT NULL DEFAULT 0
);
)sql";

constexpr const char* kCountEarlierSales = R"sql(
INSERT INTO {p}sales_by_minute (minute, sales, resets, returns)
SELECT at_ms / 60000, {count_kinds}
FROM {p}changes GROUP BY 1;
)sql";

constexpr const char* kHistoryOldest =
    "SELECT version, at_ms, kind, delta, value, till, undoes FROM {p}changes "
    "WHERE at_ms >= $1 AND at_ms < $2 AND ($4 = '' OR till = $4) "
    "ORDER BY at_ms, version LIMIT $3";
constexpr const char* kHistoryNewest =
    "SELECT version, at_ms, kind, delta, value, till, undoes FROM {p}changes "
    "WHERE at_ms >= $1 AND at_ms < $2 AND ($4 = '' OR till = $4) "
    "ORDER BY at_ms DESC, version DESC LIMIT $3";

// The sale recorded under key $1 (its kept outcome names its version), then the return that
// undid it, if one did.
constexpr const char* kFindSale =
    "SELECT c.version, c.at_ms, c.kind, c.delta, c.value, c.till, c.undoes "
    "FROM {p}kept_outcomes k JOIN {p}changes c ON c.version = k.version "
    "WHERE k.key = $1 AND k.outcome = 'recorded' AND c.kind = 'decrement' "
    "UNION ALL "
    "SELECT u.version, u.at_ms, u.kind, u.delta, u.value, u.till, u.undoes "
    "FROM {p}kept_outcomes k JOIN {p}changes u ON u.undoes = k.version "
    "WHERE k.key = $1 AND k.outcome = 'recorded'";

// Bucket i covers [first + i * width, first + (i + 1) * width); every time here is at or after
// since >= first, so the integer divisions are floors. See sales_plan.hpp.
constexpr const char* kCountSales =
    "SELECT (minute * 60000 - $1) / $2, sum(sales), sum(resets), sum(returns) "
    "FROM {p}sales_by_minute WHERE minute >= $3 AND minute < $4 GROUP BY 1 "
    "UNION ALL "
    "SELECT (at_ms - $1) / $2, {count_kinds} "
    "FROM {p}changes WHERE at_ms >= $5 AND at_ms < $6 GROUP BY 1 "
    "UNION ALL "
    "SELECT (at_ms - $1) / $2, {count_kinds} "
    "FROM {p}changes WHERE at_ms >= $7 AND at_ms < $8 GROUP BY 1";

constexpr const char* kForgetKept =
    "DELETE FROM {p}kept_outcomes WHERE key IN "
    "(SELECT key FROM {p}kept_outcomes WHERE at_ms < $1 LIMIT $2)";

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
}

}  // namespace

std::string render_sql(std::string_view text, SqlDialect dialect) {
  std::string sql(text);
  const bool sqlite = dialect == SqlDialect::sqlite;
  replace_all(sql, "{p}", sqlite ? "" : "counter_");
  replace_all(sql, "{int}", sqlite ? "INTEGER" : "bigint");
  replace_all(sql, "{count_kinds}",
              "sum(CASE WHEN kind = 'decrement' THEN 1 ELSE 0 END), "
              "sum(CASE WHEN kind = 'reset' THEN 1 ELSE 0 END), "
              "sum(CASE WHEN kind = 'return' THEN 1 ELSE 0 END)");
  replace_all(sql, "{max_stock}", std::to_string(counter::kMaxStock));
  if (sqlite) {
    for (std::size_t at = 0; (at = sql.find('$', at)) != std::string::npos; ++at)
      if (at + 1 < sql.size() && sql[at + 1] >= '1' && sql[at + 1] <= '9') sql[at] = '?';
  }
  return sql;
}

std::string changes_table_sql(SqlDialect dialect) {
  return render_sql(kChanges, dialect);
}

std::string kept_table_sql(SqlDialect dialect) {
  return render_sql(kKept, dialect);
}

std::string sales_table_sql(SqlDialect dialect) {
  return render_sql(kSales, dialect);
}

std::string count_earlier_sales_sql(SqlDialect dialect) {
  return render_sql(kCountEarlierSales, dialect);
}

std::string history_sql(SqlDialect dialect, HistoryOrder order) {
  return render_sql(order == HistoryOrder::oldest_first ? kHistoryOldest : kHistoryNewest, dialect);
}

std::string count_sales_sql(SqlDialect dialect) {
  return render_sql(kCountSales, dialect);
}

std::string find_sale_sql(SqlDialect dialect) {
  return render_sql(kFindSale, dialect);
}

std::string returns_per_minute_sql(SqlDialect dialect) {
  return render_sql(kReturnsPerMinute, dialect);
}

std::string forget_kept_sql(SqlDialect dialect) {
  return render_sql(kForgetKept, dialect);
}

counter::RecordedChange change_from_row(std::uint64_t version, std::int64_t at_ms,
                                        std::string_view kind, std::int64_t delta,
                                        std::int64_t value, std::string_view till,
                                        std::optional<std::uint64_t> undoes) {
  const auto named = counter::change_kind_named(kind);
  if (!named) throw StoreError("a change of an unknown kind is recorded: " + std::string(kind));
  return counter::RecordedChange{at_ms, counter::Change{*named, delta, {value, version}},
                                 std::string(till), undoes};
}

}  // namespace counterd
