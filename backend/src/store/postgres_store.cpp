#include "postgres_store.hpp"

#include <cstring>

#include "counter/wire.hpp"
#include "postgres_feed.hpp"
#include "random_id.hpp"
#include "sales_plan.hpp"
#include "store_sql.hpp"

namespace counterd {

namespace {

// Taken while the schema is checked or created, so replicas starting together do not race.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(1128353091)";  // 'CAMC'
constexpr const char* kApplication = "camera-counter";
// What only PostgreSQL has: the store's marks in counter_meta, and the state row that every
// writer locks (replicas share the store, so the newest stock is read under that lock, not from
// the newest change).
constexpr const char* kOwnSchema = R"sql(
CREATE TABLE IF NOT EXISTS counter_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS counter_state (
  id      integer PRIMARY KEY CHECK (id = 1),
  version bigint  NOT NULL CHECK (version >= 0),
  value   bigint  CHECK (value BETWEEN 0 AND {max_stock})  -- NULL: nothing recorded yet
);
INSERT INTO counter_state (id, version, value) VALUES (1, 0, NULL) ON CONFLICT DO NOTHING;
)sql";

// The per-minute counts, by a statement trigger: one insert of a whole batch (unnest) counts
// it at once (SQLite, without statement triggers, counts row by row).
constexpr const char* kSalesTrigger = R"sql(
CREATE OR REPLACE FUNCTION counter_count_sales() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO counter_sales_by_minute (minute, sales, resets, returns)
  SELECT at_ms / 60000, count(*) FILTER (WHERE kind = 'decrement'),
         count(*) FILTER (WHERE kind = 'reset'), count(*) FILTER (WHERE kind = 'return')
  FROM added GROUP BY 1
  ON CONFLICT (minute) DO UPDATE SET sales = counter_sales_by_minute.sales + excluded.sales,
                                     resets = counter_sales_by_minute.resets + excluded.resets,
                                     returns = counter_sales_by_minute.returns + excluded.returns;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER counter_changes_counted AFTER INSERT ON counter_changes
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION counter_count_sales();
)sql";

// Schema 4 keeps outcomes, not rendered HTTP answers: the answers kept before it are read back
// into outcomes (a 200's body holds the state; a problem's type names the rule).
constexpr const char* kKeptAnswersToOutcomes = R"sql(
INSERT INTO counter_kept_outcomes (key, at_ms, fingerprint, outcome, value, version)
SELECT key, at_ms, fingerprint,
       CASE WHEN status = 200 THEN 'recorded'
            WHEN strpos(body, ':problem:sold-out') > 0 THEN 'sold_out'
            WHEN strpos(body, ':problem:out-of-range') > 0 THEN 'out_of_range'
            ELSE 'version_exhausted' END,
       CASE WHEN status = 200 THEN (body::jsonb ->> 'value')::bigint END,
       CASE WHEN status = 200 THEN (body::jsonb ->> 'version')::bigint END
FROM counter_kept_requests ON CONFLICT (key) DO NOTHING;
DROP TABLE counter_kept_requests;
)sql";

// Schema 5 allows returns and records tills and undos: the changes table altered in place
// (before changes_table_sql(), whose index needs the new column).
constexpr const char* kChangesTo5 = R"sql(
ALTER TABLE counter_changes DROP CONSTRAINT counter_changes_kind_check;
ALTER TABLE counter_changes ADD CONSTRAINT counter_changes_kind_check
  CHECK (kind IN ('decrement', 'reset', 'return'));
ALTER TABLE counter_changes ADD COLUMN till text, ADD COLUMN undoes bigint;
)sql";

// Whether `table` exists without `column` (a store from before the column).
bool lacks_column(PgConnection& db, const char* table, const char* column) {
  return cell(db.run("SELECT count(*) FROM information_schema.tables t WHERE t.table_schema = "
                     "current_schema() AND t.table_name = $1 AND NOT EXISTS (SELECT 1 FROM "
                     "information_schema.columns c WHERE c.table_schema = t.table_schema AND "
                     "c.table_name = t.table_name AND c.column_name = $2)",
                     {table, column})
                  .get(),
              0, 0) == "1";
}

// Locks the state row: every other writer waits here until this transaction ends.
constexpr const char* kBeginLocked =
    "BEGIN; SELECT version, value FROM counter_state WHERE id = 1 FOR UPDATE";

// The changes in `rows` (history_sql()'s columns).
std::vector<counter::RecordedChange> changes_in(const PGresult* rows) {
  std::vector<counter::RecordedChange> found;
  found.reserve(static_cast<std::size_t>(PQntuples(rows)));
  for (int i = 0; i < PQntuples(rows); ++i) {
    std::optional<std::uint64_t> undoes;
    if (!PQgetisnull(rows, i, 6)) undoes = std::stoull(cell(rows, i, 6));
    found.push_back(change_from_row(std::stoull(cell(rows, i, 0)), std::stoll(cell(rows, i, 1)),
                                    cell(rows, i, 2), std::stoll(cell(rows, i, 3)),
                                    std::stoll(cell(rows, i, 4)), cell(rows, i, 5), undoes));
  }
  return found;
}

counter::Stock stock_from(const PGresult* row, std::int64_t initial) {
  if (PQntuples(row) != 1) throw StoreError("the counter_state row is missing");
  if (PQgetisnull(row, 0, 1)) return {initial, 0};
  return {std::stoll(cell(row, 0, 1)), std::stoull(cell(row, 0, 0))};
}

std::string where_of(const std::string& url) {
  // Never the password: only what identifies the database.
  PQconninfoOption* options = PQconninfoParse(url.c_str(), nullptr);
  std::string host, port, db;
  for (auto* o = options; o && o->keyword; ++o) {
    if (!o->val) continue;
    if (std::strcmp(o->keyword, "host") == 0 || std::strcmp(o->keyword, "hostaddr") == 0)
      host = o->val;
    if (std::strcmp(o->keyword, "port") == 0) port = o->val;
    if (std::strcmp(o->keyword, "dbname") == 0) db = o->val;
  }
  PQconninfoFree(options);
  return (host.empty() ? "local" : host) + (port.empty() ? "" : ":" + port) + "/" + db;
}

// Refuses a database that holds something other than ours, or ours from a newer counterd;
// creates the schema in an empty one.
std::string set_up(PgConnection& db, const std::string& where) {
  db.run("BEGIN");
  try {
    db.run(kSchemaLock);
    const std::string refused = "PostgreSQL database " + where + " is not a usable counter store";
    const bool ours =
        cell(db.run("SELECT to_regclass('counter_meta') IS NOT NULL").get(), 0, 0) == "t";
    int found = 0;  // the schema found: 0 in a new database
    if (ours) {
      PgResult meta =
          db.run("SELECT key, value FROM counter_meta WHERE key IN ('application', 'schema')");
      std::string application, schema;
      for (int r = 0; r < PQntuples(meta.get()); ++r)
        (cell(meta.get(), r, 0) == "application" ? application : schema) = cell(meta.get(), r, 1);
      if (application != kApplication)
        throw StoreError(refused + ": its counter_meta table belongs to something else");
      found = std::stoi(schema.empty() ? "0" : schema);
      if (found > kStoreSchemaVersion)
        throw StoreError(refused + ": written by a newer counterd (schema " + schema + ")");
    } else {
      const std::string tables = cell(db.run("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                             "current_schema()")
                                          .get(),
                                      0, 0);
      if (tables != "0")
        throw StoreError(refused + ": it holds " + tables +
                         " other table(s); give counterd a database of its own");
    }
    // Before the one numbering (store_sql.hpp), PostgreSQL's 1 and 2 were 2 and 3.
    const int schema = found == 1 || found == 2 ? found + 1 : found;
    if (lacks_column(db, "counter_changes", "till")) db.run(kChangesTo5);
    if (lacks_column(db, "counter_sales_by_minute", "returns"))
      db.run(returns_per_minute_sql(SqlDialect::postgres).c_str());
    for (const auto& ddl :
         {render_sql(kOwnSchema, SqlDialect::postgres), changes_table_sql(SqlDialect::postgres),
          kept_table_sql(SqlDialect::postgres), sales_table_sql(SqlDialect::postgres)})
      db.run(ddl.c_str());
    if (schema < 5) db.run(kSalesTrigger);
    if (schema < 3) db.run(count_earlier_sales_sql(SqlDialect::postgres).c_str());
    if (schema < 4 &&
        cell(db.run("SELECT to_regclass('counter_kept_requests') IS NOT NULL").get(), 0, 0) == "t")
      db.run(kKeptAnswersToOutcomes);
    db.run(
        "INSERT INTO counter_meta (key, value) VALUES ('application', $1), ('schema', $2), "
        "('store_id', $3) ON CONFLICT (key) DO NOTHING",
        {kApplication, std::to_string(kStoreSchemaVersion), random_id()});
    db.run("UPDATE counter_meta SET value = $1 WHERE key = 'schema'",
           {std::to_string(kStoreSchemaVersion)});
    PgResult id = db.run("SELECT value FROM counter_meta WHERE key = 'store_id'");
    std::string store_id = cell(id.get(), 0, 0);
    db.run("COMMIT");
    return store_id;
  } catch (...) {
    db.rollback();
    throw;
  }
}

// Inside kBeginLocked. Changes and kept requests are gathered and written at the end, one
// statement each, so a batch costs the same few round trips whatever its size.
class PostgresTransaction final : public StoreTransaction {
 public:
  PostgresTransaction(PgConnection& db, counter::Stock locked) : db_(db), before_(locked) {
    stock_ = locked;
  }

  counter::Stock stock() override { return stock_; }

  void record(const counter::RecordedChange& recorded) override {
    const auto& [at_ms, change, till, undoes] = recorded;
    changes_.version.push_back(std::to_string(change.result.version));
    changes_.at_ms.push_back(std::to_string(at_ms));
    changes_.kind.push_back(counter::to_string(change.kind));
    changes_.delta.push_back(std::to_string(change.delta));
    changes_.value.push_back(std::to_string(change.result.value));
    // An empty text stands for NULL (see write()).
    changes_.till.push_back(till);
    changes_.undoes.push_back(undoes ? std::to_string(*undoes) : "");
    recorded_.push_back(recorded);
    stock_ = change.result;
  }

  std::vector<std::optional<KeptRequest>> find_kept(const std::vector<std::string>& keys) override {
    PgResult found = db_.run(
        "SELECT key, fingerprint, outcome, value, version FROM counter_kept_outcomes "
        "WHERE key = ANY($1::text[])",
        {array_literal(keys)});
    std::vector<std::optional<KeptRequest>> kept(keys.size());
    const PGresult* rows = found.get();
    auto optional_int = [&](int r, int column) -> std::optional<std::int64_t> {
      if (PQgetisnull(rows, r, column)) return std::nullopt;
      return std::stoll(cell(rows, r, column));
    };
    for (int r = 0; r < PQntuples(rows); ++r) {
      const std::string key = cell(rows, r, 0);
      KeptRequest request{cell(rows, r, 1),
                          from_row({cell(rows, r, 2), optional_int(r, 3), optional_int(r, 4)})};
      for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key) kept[i] = request;
    }
    return kept;
  }

  void keep(const std::string& key, const KeptRequest& request, std::int64_t at_ms) override {
    kept_.key.push_back(key);
    kept_.at_ms.push_back(std::to_string(at_ms));
    kept_.fingerprint.push_back(request.fingerprint);
    const KeptRow row = to_row(request.outcome);
    kept_.outcome.push_back(row.outcome);
    // An empty text stands for NULL (see write()).
    kept_.value.push_back(row.value ? std::to_string(*row.value) : "");
    kept_.version.push_back(row.version ? std::to_string(*row.version) : "");
  }

  std::optional<KeyedSale> find_sale(const std::string& key) override {
    PgResult found = db_.run(find_sale_sql(SqlDialect::postgres).c_str(), {key});
    const auto rows = changes_in(found.get());
    if (rows.empty()) return std::nullopt;
    return KeyedSale{rows[0], rows.size() > 1 ? std::optional(rows[1]) : std::nullopt};
  }

  // Writes what was gathered; the state row moves only from the state this transaction locked.
  void write() {
    if (!kept_.key.empty())
      db_.run(
          "INSERT INTO counter_kept_outcomes (key, at_ms, fingerprint, outcome, value, version) "
          "SELECT key, at_ms, fingerprint, outcome, NULLIF(value, '')::bigint, "
          "NULLIF(version, '')::bigint FROM unnest($1::text[], $2::bigint[], $3::text[], "
          "$4::text[], $5::text[], $6::text[]) AS k(key, at_ms, fingerprint, outcome, value, "
          "version)",
          {array_literal(kept_.key), array_literal(kept_.at_ms), array_literal(kept_.fingerprint),
           array_literal(kept_.outcome), array_literal(kept_.value), array_literal(kept_.version)});
    if (changes_.version.empty()) return;
    db_.run(
        "INSERT INTO counter_changes (version, at_ms, kind, delta, value, till, undoes) "
        "SELECT version, at_ms, kind, delta, value, NULLIF(till, ''), "
        "NULLIF(undoes, '')::bigint FROM unnest($1::bigint[], $2::bigint[], $3::text[], "
        "$4::bigint[], $5::bigint[], $6::text[], $7::text[]) "
        "AS c(version, at_ms, kind, delta, value, till, undoes)",
        {array_literal(changes_.version), array_literal(changes_.at_ms),
         array_literal(changes_.kind), array_literal(changes_.delta), array_literal(changes_.value),
         array_literal(changes_.till), array_literal(changes_.undoes)});
    // The NOTIFY names the state and, when few enough for its payload, the changes (for the
    // live channel's relay: screens follow the history from them).
    const std::string said = recorded_.size() <= counter::kMaxLiveChanges
                                 ? counter::to_json(recorded_)  // {"changes": [...]}
                                 : "{}";
    PgResult moved = db_.run(
        "WITH moved AS (UPDATE counter_state SET version = $1, value = $2 "
        "WHERE id = 1 AND version = $3 RETURNING version, value) "
        "SELECT pg_notify($4, (jsonb_build_object('version', version, 'value', value) || "
        "$5::jsonb)::text) FROM moved",
        {std::to_string(stock_.version), std::to_string(stock_.value),
         std::to_string(before_.version), kNotifyChannel, said});
    if (PQntuples(moved.get()) != 1)
      throw StoreError("the counter_state row changed under a lock; nothing recorded");
  }

 private:
  struct Columns {
    std::vector<std::string> version, at_ms, kind, delta, value, till, undoes;
  };
  struct KeptColumns {
    std::vector<std::string> key, at_ms, fingerprint, outcome, value, version;
  };

  PgConnection& db_;
  counter::Stock before_;
  counter::Stock stock_;
  Columns changes_;
  std::vector<counter::RecordedChange> recorded_;
  KeptColumns kept_;
};

}  // namespace

PostgresStore::PostgresStore(std::string url)
    : url_(std::move(url)),
      writer_(url_, reach_),
      reader_(url_, reach_),
      id_(set_up(writer_, where_of(url_))) {}

std::string PostgresStore::describe() const {
  return "postgres " + where_of(url_);
}

std::uint64_t PostgresStore::reconnects() const {
  return writer_.reconnects() + reader_.reconnects();
}

std::unique_ptr<CommitFeed> PostgresStore::follow_commits(const std::string& key,
                                                          std::int64_t initial,
                                                          CommitFeedHandlers handlers) {
  return std::make_unique<PostgresCommitFeed>(
      url_, key, [this, initial] { return load(initial); }, std::move(handlers));
}

counter::Stock PostgresStore::load(std::int64_t initial) {
  std::lock_guard lock(reader_mutex_);
  PgResult row = reader_.run_again_if_lost("SELECT version, value FROM counter_state WHERE id = 1");
  return stock_from(row.get(), initial);
}

void PostgresStore::transact(std::int64_t initial,
                             const std::function<void(StoreTransaction&)>& work) {
  try {
    PgResult locked = writer_.run_again_if_lost(kBeginLocked);
    PostgresTransaction tx(writer_, stock_from(locked.get(), initial));
    work(tx);
    tx.write();
  } catch (...) {
    writer_.rollback();
    throw;
  }
  try {
    writer_.run("COMMIT");
  } catch (const ConnectionLost& e) {
    throw CommitOutcomeUnknown(std::string("the commit's outcome is unknown: ") + e.what());
  }
}

std::vector<counter::RecordedChange> PostgresStore::history(std::int64_t from_ms,
                                                            std::int64_t to_ms, std::size_t limit,
                                                            HistoryOrder order,
                                                            const std::string& till) {
  std::lock_guard lock(reader_mutex_);
  PgResult rows = reader_.run_again_if_lost(
      history_sql(SqlDialect::postgres, order).c_str(),
      {std::to_string(from_ms), std::to_string(to_ms), std::to_string(limit), till});
  return changes_in(rows.get());
}

std::vector<counter::BucketCounts> PostgresStore::count_sales(const counter::SalesQuery& query) {
  std::lock_guard lock(reader_mutex_);
  const SalesPlan plan = plan_sales(query);
  std::vector<std::string> values;
  for (const std::int64_t value : {plan.first_ms, plan.width_ms, plan.from_minute, plan.to_minute,
                                   plan.head_from, plan.head_to, plan.tail_from, plan.tail_to})
    values.push_back(std::to_string(value));
  PgResult rows = reader_.run_again_if_lost(count_sales_sql(SqlDialect::postgres).c_str(), values);
  std::vector<counter::BucketCounts> found;
  for (int r = 0; r < PQntuples(rows.get()); ++r)
    found.push_back({std::stoll(cell(rows.get(), r, 0)), std::stoll(cell(rows.get(), r, 1)),
                     std::stoll(cell(rows.get(), r, 2)), std::stoll(cell(rows.get(), r, 3))});
  return found;
}

std::size_t PostgresStore::forget_kept(std::int64_t before_ms, std::size_t limit) {
  PgResult deleted = writer_.run_again_if_lost(forget_kept_sql(SqlDialect::postgres).c_str(),
                                               {std::to_string(before_ms), std::to_string(limit)});
  return static_cast<std::size_t>(std::stoull(PQcmdTuples(deleted.get())));
}

std::optional<std::string> PostgresStore::unwritable() {
  std::lock_guard lock(reader_mutex_);
  try {
    if (cell(reader_.run_again_if_lost("SELECT pg_is_in_recovery()").get(), 0, 0) == "t")
      return "the database is a read-only standby";
    return std::nullopt;
  } catch (const StoreError&) {
    return "the database cannot be reached";
  }
}

}  // namespace counterd
