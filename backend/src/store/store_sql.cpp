#include "store_sql.hpp"

namespace counterd {

namespace {

constexpr const char* kChanges = R"sql(
CREATE TABLE IF NOT EXISTS {p}changes (
  version {int} PRIMARY KEY,
  at_ms   {int} NOT NULL,
  kind    TEXT  NOT NULL CHECK (kind IN ('decrement', 'reset')),
  delta   {int} NOT NULL,
  value   {int} NOT NULL CHECK (value BETWEEN 0 AND {max_stock})
);
CREATE INDEX IF NOT EXISTS {p}changes_by_time ON {p}changes (at_ms);
)sql";

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
  minute {int} PRIMARY KEY,  -- at_ms / 60000
  sales  {int} NOT NULL,
  resets {int} NOT NULL
);
)sql";

constexpr const char* kCountEarlierSales = R"sql(
INSERT INTO {p}sales_by_minute (minute, sales, resets)
SELECT at_ms / 60000, sum(CASE WHEN kind = 'decrement' THEN 1 ELSE 0 END),
       sum(CASE WHEN kind = 'reset' THEN 1 ELSE 0 END)
FROM {p}changes GROUP BY 1;
)sql";

constexpr const char* kHistoryOldest =
    "SELECT version, at_ms, kind, delta, value FROM {p}changes "
    "WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms, version LIMIT $3";
constexpr const char* kHistoryNewest =
    "SELECT version, at_ms, kind, delta, value FROM {p}changes "
    "WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms DESC, version DESC LIMIT $3";

// Bucket i covers [first + i * width, first + (i + 1) * width); every time here is at or after
// since >= first, so the integer divisions are floors. See sales_plan.hpp.
constexpr const char* kCountSales =
    "SELECT (minute * 60000 - $1) / $2, sum(sales), sum(resets) "
    "FROM {p}sales_by_minute WHERE minute >= $3 AND minute < $4 GROUP BY 1 "
    "UNION ALL "
    "SELECT (at_ms - $1) / $2, sum(CASE WHEN kind = 'decrement' THEN 1 ELSE 0 END), "
    "sum(CASE WHEN kind = 'reset' THEN 1 ELSE 0 END) "
    "FROM {p}changes WHERE at_ms >= $5 AND at_ms < $6 GROUP BY 1 "
    "UNION ALL "
    "SELECT (at_ms - $1) / $2, sum(CASE WHEN kind = 'decrement' THEN 1 ELSE 0 END), "
    "sum(CASE WHEN kind = 'reset' THEN 1 ELSE 0 END) "
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

std::string forget_kept_sql(SqlDialect dialect) {
  return render_sql(kForgetKept, dialect);
}

counter::RecordedChange change_from_row(std::uint64_t version, std::int64_t at_ms,
                                        std::string_view kind, std::int64_t delta,
                                        std::int64_t value) {
  const auto named = counter::change_kind_named(kind);
  if (!named) throw StoreError("a change of an unknown kind is recorded: " + std::string(kind));
  return counter::RecordedChange{at_ms, counter::Change{*named, delta, {value, version}}};
}

}  // namespace counterd
