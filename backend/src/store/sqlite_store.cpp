#include "sqlite_store.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "random_id.hpp"
#include "sales_plan.hpp"
#include "sqlite_files.hpp"
#include "store_sql.hpp"

namespace counterd {

namespace {

// Free space below which the store says it is not writable (see unwritable()).
constexpr std::uint64_t kMinFreeBytes = 1 << 20;

// What only SQLite has: the store's id and marks in `meta`, and a trigger per row (SQLite has
// no statement triggers; PostgreSQL's counts a whole batch at once).
constexpr const char* kOwnSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS changes_counted AFTER INSERT ON changes BEGIN
  INSERT INTO sales_by_minute (minute, sales, resets, returns)
  VALUES (NEW.at_ms / 60000, NEW.kind = 'decrement', NEW.kind = 'reset', NEW.kind = 'return')
  ON CONFLICT (minute) DO UPDATE SET sales = sales + excluded.sales,
                                     resets = resets + excluded.resets,
                                     returns = returns + excluded.returns;
END;
)sql";

// Schema 5 allows returns, which SQLite's CHECK on the kind cannot be altered to: the changes
// move aside, changes_table_sql() makes the new table, and they are copied into it (before the
// trigger is made again: they are counted per minute already).
constexpr const char* kChangesMovedAside = R"sql(
DROP TRIGGER changes_counted;
DROP INDEX changes_by_time;
ALTER TABLE changes RENAME TO changes_before_5;
)sql";
constexpr const char* kChangesCopiedBack = R"sql(
INSERT INTO changes (version, at_ms, kind, delta, value)
SELECT version, at_ms, kind, delta, value FROM changes_before_5;
DROP TABLE changes_before_5;
)sql";

// Schema 4 keeps outcomes, not rendered HTTP answers: the answers kept before it are read back
// into outcomes (a 200's body holds the state; a problem's type names the rule).
constexpr const char* kKeptAnswersToOutcomes = R"sql(
INSERT OR IGNORE INTO kept_outcomes (key, at_ms, fingerprint, outcome, value, version)
SELECT key, at_ms, fingerprint,
       CASE WHEN status = 200 THEN 'recorded'
            WHEN instr(body, ':problem:sold-out') > 0 THEN 'sold_out'
            WHEN instr(body, ':problem:out-of-range') > 0 THEN 'out_of_range'
            ELSE 'version_exhausted' END,
       CASE WHEN status = 200 THEN json_extract(body, '$.value') END,
       CASE WHEN status = 200 THEN json_extract(body, '$.version') END
FROM kept_requests;
DROP TABLE kept_requests;
)sql";

SqliteStatement prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
    fail(db, std::string("cannot prepare `") + sql + "`");
  return SqliteStatement(stmt);
}

// Whether `path` holds a store already. Only a missing file may become a new, empty store:
// an existing file that is empty, or a write-ahead log without its database, means data that
// was lost or never ours, and counterd must not start again from the initial stock over it.
bool existing_store(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    if (std::filesystem::file_size(path, ec) == 0 && !ec)
      throw StoreError(path +
                       " is not a usable counter store: the file is empty (move it away "
                       "to start a new store)");
    return true;
  }
  if (std::filesystem::exists(path + "-wal", ec))
    throw StoreError(path + " is missing, but its write-ahead log " + path +
                     "-wal is there: the store has lost its main file");
  return false;
}

void create_schema(sqlite3* db, const std::string& path) {
  const std::string what = "cannot set up " + path;
  exec(db, "BEGIN IMMEDIATE", what);
  const int before = std::stoi(query_text(db, "PRAGMA user_version", what));
  const bool changes_before_5 =
      query_text(db,
                 "SELECT count(*) FROM sqlite_schema WHERE name = 'changes' AND "
                 "NOT EXISTS (SELECT 1 FROM pragma_table_info('changes') WHERE name = 'till')",
                 what) == "1";
  const bool sales_before_5 =
      query_text(db,
                 "SELECT count(*) FROM sqlite_schema WHERE name = 'sales_by_minute' AND "
                 "NOT EXISTS (SELECT 1 FROM pragma_table_info('sales_by_minute') "
                 "WHERE name = 'returns')",
                 what) == "1";
  if (changes_before_5) exec(db, kChangesMovedAside, what);
  for (const auto& ddl : {changes_table_sql(SqlDialect::sqlite), kept_table_sql(SqlDialect::sqlite),
                          sales_table_sql(SqlDialect::sqlite)})
    exec(db, ddl.c_str(), what);
  if (sales_before_5) exec(db, returns_per_minute_sql(SqlDialect::sqlite).c_str(), what);
  if (changes_before_5) exec(db, kChangesCopiedBack, what);
  exec(db, kOwnSchema, what);
  if (before < 3) exec(db, count_earlier_sales_sql(SqlDialect::sqlite).c_str(), what);
  if (before < 4 &&
      query_text(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'kept_requests'", what) ==
          "1")
    exec(db, kKeptAnswersToOutcomes, what);
  mark_as_counter_store(db, what);
  const std::string insert_id =
      "INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', '" + random_id() + "')";
  exec(db, insert_id.c_str(), what);
  exec(db, "COMMIT", what);
}

std::string prepare_folder(const std::string& path) {
  const std::string folder = folder_of(path);
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw StoreError("cannot create data directory " + folder + ": " + ec.message());
  return folder;
}

}  // namespace

namespace {

std::optional<FileIdentity> identity_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{st.st_dev, st.st_ino};
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path)
    : path_(path),
      lock_(prepare_folder(path) + "/counterd.lock"),
      existing_(existing_store(path)),
      writer_(open_connection(path)) {
  sqlite3* db = writer_.get();
  check_database(db, path, existing_);
  if (query_text(db, "PRAGMA journal_mode = WAL", "cannot enable WAL on " + path) != "wal")
    throw StoreError("cannot enable WAL on " + path);
  exec(db, "PRAGMA synchronous = FULL", "cannot set synchronous mode on " + path);
  create_schema(db, path);
  id_ = query_text(db, "SELECT value FROM meta WHERE key = 'store_id'", "cannot read " + path);
  statements_.newest =
      prepare(db, "SELECT version, value FROM changes ORDER BY version DESC LIMIT 1");
  statements_.insert = prepare(db,
                               "INSERT INTO changes (version, at_ms, kind, delta, value, till, "
                               "undoes) VALUES (?, ?, ?, ?, ?, ?, ?)");
  statements_.find_sale = prepare(db, find_sale_sql(SqlDialect::sqlite).c_str());
  statements_.find_kept =
      prepare(db, "SELECT fingerprint, outcome, value, version FROM kept_outcomes WHERE key = ?");
  statements_.keep =
      prepare(db,
              "INSERT INTO kept_outcomes (key, at_ms, fingerprint, outcome, value, version) "
              "VALUES (?, ?, ?, ?, ?, ?)");
  statements_.forget = prepare(db, forget_kept_sql(SqlDialect::sqlite).c_str());
  const auto database = identity_of(path), wal = identity_of(path + "-wal");
  if (!database || !wal) throw StoreError("cannot find " + path + " or its write-ahead log");
  files_ = {*database, *wal};
  reader_ = open_connection(path);
  reads_.oldest_first =
      prepare(reader_.get(), history_sql(SqlDialect::sqlite, HistoryOrder::oldest_first).c_str());
  reads_.newest_first =
      prepare(reader_.get(), history_sql(SqlDialect::sqlite, HistoryOrder::newest_first).c_str());
  reads_.sales = prepare(reader_.get(), count_sales_sql(SqlDialect::sqlite).c_str());
}

namespace {

std::string text_of(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)))
              : std::string();
}

// The change in the row `statement` stands on (history_sql()'s columns).
counter::RecordedChange change_of(sqlite3_stmt* statement) {
  std::optional<std::uint64_t> undoes;
  if (sqlite3_column_type(statement, 6) != SQLITE_NULL)
    undoes = static_cast<std::uint64_t>(sqlite3_column_int64(statement, 6));
  return change_from_row(static_cast<std::uint64_t>(sqlite3_column_int64(statement, 0)),
                         sqlite3_column_int64(statement, 1), text_of(statement, 2),
                         sqlite3_column_int64(statement, 3), sqlite3_column_int64(statement, 4),
                         text_of(statement, 5), undoes);
}

// The newest recorded change's stock, read with `statement`; {initial, 0} when there is none.
counter::Stock newest(sqlite3* db, sqlite3_stmt* statement, std::int64_t initial,
                      const std::string& what) {
  sqlite3_reset(statement);
  counter::Stock stock{initial, 0};
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) {
    stock.version = static_cast<std::uint64_t>(sqlite3_column_int64(statement, 0));
    stock.value = sqlite3_column_int64(statement, 1);
  }
  sqlite3_reset(statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db, what);
  return stock;
}

// Inside BEGIN IMMEDIATE: no other connection writes until COMMIT or ROLLBACK.
class SqliteTransaction final : public StoreTransaction {
 public:
  SqliteTransaction(sqlite3* db, const SqliteStatements& statements, std::int64_t initial,
                    std::string what)
      : db_(db),
        newest_(statements.newest.get()),
        insert_(statements.insert.get()),
        find_kept_(statements.find_kept.get()),
        keep_(statements.keep.get()),
        find_sale_(statements.find_sale.get()),
        initial_(initial),
        what_(std::move(what)) {}

  counter::Stock stock() override {
    if (!stock_) stock_ = newest(db_, newest_, initial_, what_);
    return *stock_;
  }

  void record(const counter::RecordedChange& recorded) override {
    const auto& [at_ms, change, till, undoes] = recorded;
    sqlite3_reset(insert_);
    sqlite3_bind_int64(insert_, 1, static_cast<sqlite3_int64>(change.result.version));
    sqlite3_bind_int64(insert_, 2, at_ms);
    sqlite3_bind_text(insert_, 3, counter::to_string(change.kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_, 4, change.delta);
    sqlite3_bind_int64(insert_, 5, change.result.value);
    till.empty()
        ? sqlite3_bind_null(insert_, 6)
        : sqlite3_bind_text(insert_, 6, till.data(), static_cast<int>(till.size()), SQLITE_STATIC);
    undoes ? sqlite3_bind_int64(insert_, 7, static_cast<sqlite3_int64>(*undoes))
           : sqlite3_bind_null(insert_, 7);
    const int rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc != SQLITE_DONE) fail(db_, what_);
    stock_ = change.result;
  }

  std::vector<std::optional<KeptRequest>> find_kept(const std::vector<std::string>& keys) override {
    std::vector<std::optional<KeptRequest>> found;
    for (const auto& key : keys) {
      sqlite3_reset(find_kept_);
      sqlite3_bind_text(find_kept_, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
      const int rc = sqlite3_step(find_kept_);
      if (rc == SQLITE_ROW) {
        auto optional_int = [&](int column) -> std::optional<std::int64_t> {
          if (sqlite3_column_type(find_kept_, column) == SQLITE_NULL) return std::nullopt;
          return sqlite3_column_int64(find_kept_, column);
        };
        found.push_back(
            KeptRequest{text_of(find_kept_, 0),
                        from_row({text_of(find_kept_, 1), optional_int(2), optional_int(3)})});
      } else {
        found.emplace_back();
      }
      sqlite3_reset(find_kept_);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db_, what_);
    }
    return found;
  }

  void keep(const std::string& key, const KeptRequest& request, std::int64_t at_ms) override {
    sqlite3_reset(keep_);
    sqlite3_bind_text(keep_, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_int64(keep_, 2, at_ms);
    sqlite3_bind_text(keep_, 3, request.fingerprint.data(),
                      static_cast<int>(request.fingerprint.size()), SQLITE_STATIC);
    const KeptRow row = to_row(request.outcome);
    sqlite3_bind_text(keep_, 4, row.outcome.data(), static_cast<int>(row.outcome.size()),
                      SQLITE_STATIC);
    for (const auto& [column, number] : {std::pair{5, row.value}, std::pair{6, row.version}})
      number ? sqlite3_bind_int64(keep_, column, *number) : sqlite3_bind_null(keep_, column);
    const int rc = sqlite3_step(keep_);
    sqlite3_reset(keep_);
    if (rc != SQLITE_DONE) fail(db_, what_);
  }

  std::optional<KeyedSale> find_sale(const std::string& key) override {
    sqlite3_reset(find_sale_);
    sqlite3_bind_text(find_sale_, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    std::vector<counter::RecordedChange> rows;
    int rc;
    while ((rc = sqlite3_step(find_sale_)) == SQLITE_ROW) rows.push_back(change_of(find_sale_));
    sqlite3_reset(find_sale_);
    if (rc != SQLITE_DONE) fail(db_, what_);
    if (rows.empty()) return std::nullopt;
    return KeyedSale{rows[0], rows.size() > 1 ? std::optional(rows[1]) : std::nullopt};
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* newest_;
  sqlite3_stmt* insert_;
  sqlite3_stmt* find_kept_;
  sqlite3_stmt* keep_;
  sqlite3_stmt* find_sale_;
  std::int64_t initial_;
  std::string what_;
  std::optional<counter::Stock> stock_;
};

}  // namespace

counter::Stock SqliteStore::load(std::int64_t initial) {
  std::lock_guard lock(write_mutex_);
  return newest(writer_.get(), statements_.newest.get(), initial, "cannot read " + path_);
}

bool SqliteStore::files_intact() const {
  return identity_of(path_) == files_.database && identity_of(path_ + "-wal") == files_.wal;
}

void SqliteStore::transact(std::int64_t initial,
                           const std::function<void(StoreTransaction&)>& work) {
  std::lock_guard lock(write_mutex_);
  // SQLite writes on through its open descriptors after its files are deleted or replaced:
  // what it then commits is lost at the next start. Refuse instead.
  if (!files_intact())
    throw StoreError(path_ + " or its write-ahead log was removed or replaced while counterd ran");
  const std::string what = "cannot record changes in " + path_;
  sqlite3* db = writer_.get();
  exec(db, "BEGIN IMMEDIATE", what);
  try {
    SqliteTransaction tx(db, statements_, initial, what);
    work(tx);
    exec(db, "COMMIT", what);  // with synchronous=FULL, COMMIT returns after the fsync
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<counter::RecordedChange> SqliteStore::history(std::int64_t from_ms, std::int64_t to_ms,
                                                          std::size_t limit, HistoryOrder order,
                                                          const std::string& till) {
  std::lock_guard lock(read_mutex_);
  sqlite3_stmt* select =
      order == HistoryOrder::oldest_first ? reads_.oldest_first.get() : reads_.newest_first.get();
  sqlite3_reset(select);
  sqlite3_bind_int64(select, 1, from_ms);
  sqlite3_bind_int64(select, 2, to_ms);
  sqlite3_bind_int64(select, 3, static_cast<sqlite3_int64>(limit));
  sqlite3_bind_text(select, 4, till.data(), static_cast<int>(till.size()), SQLITE_STATIC);
  std::vector<counter::RecordedChange> found;
  int rc;
  while ((rc = sqlite3_step(select)) == SQLITE_ROW) found.push_back(change_of(select));
  sqlite3_reset(select);  // ends the read transaction so the WAL can be checkpointed
  if (rc != SQLITE_DONE) fail(reader_.get(), "cannot read history from " + path_);
  return found;
}

std::vector<counter::BucketCounts> SqliteStore::count_sales(const counter::SalesQuery& query) {
  std::lock_guard lock(read_mutex_);
  sqlite3_stmt* select = reads_.sales.get();
  sqlite3_reset(select);
  const SalesPlan plan = plan_sales(query);
  int i = 0;
  for (const std::int64_t value : {plan.first_ms, plan.width_ms, plan.from_minute, plan.to_minute,
                                   plan.head_from, plan.head_to, plan.tail_from, plan.tail_to})
    sqlite3_bind_int64(select, ++i, value);
  std::vector<counter::BucketCounts> found;
  int rc;
  while ((rc = sqlite3_step(select)) == SQLITE_ROW)
    found.push_back({sqlite3_column_int64(select, 0), sqlite3_column_int64(select, 1),
                     sqlite3_column_int64(select, 2), sqlite3_column_int64(select, 3)});
  sqlite3_reset(select);
  if (rc != SQLITE_DONE) fail(reader_.get(), "cannot count sales in " + path_);
  return found;
}

std::size_t SqliteStore::forget_kept(std::int64_t before_ms, std::size_t limit) {
  std::lock_guard lock(write_mutex_);
  sqlite3_stmt* forget = statements_.forget.get();
  sqlite3_reset(forget);
  sqlite3_bind_int64(forget, 1, before_ms);
  sqlite3_bind_int64(forget, 2, static_cast<sqlite3_int64>(limit));
  const int rc = sqlite3_step(forget);  // its own transaction: a few hundred rows, one sync
  sqlite3_reset(forget);
  if (rc != SQLITE_DONE) fail(writer_.get(), "cannot forget kept requests in " + path_);
  return static_cast<std::size_t>(sqlite3_changes(writer_.get()));
}

std::optional<std::string> SqliteStore::unwritable() {
  std::lock_guard lock(write_mutex_);
  if (!files_intact()) return path_ + " or its write-ahead log was removed or replaced";
  if (sqlite3_db_readonly(writer_.get(), "main") != 0 || ::access(path_.c_str(), W_OK) != 0 ||
      ::access(folder_of(path_).c_str(), W_OK) != 0)
    return path_ + " is not writable";
  // A commit appends to the write-ahead log and a checkpoint grows the database: with less room
  // than this, the next sale may fail for want of space (readiness drops before it does).
  struct statvfs disk {};
  if (::statvfs(folder_of(path_).c_str(), &disk) == 0) {
    const auto free = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
    if (free < kMinFreeBytes)
      return "the disk holding " + path_ + " is full (" + std::to_string(free) + " bytes free)";
  }
  return std::nullopt;
}

}  // namespace counterd
