#include "sqlite_files.hpp"

#include <filesystem>

#include "store.hpp"
#include "store_sql.hpp"

namespace counterd {

namespace {

// 'CAMC' in the database header: tells our files from other SQLite databases.
constexpr int kApplicationId = 0x43414D43;

}  // namespace

std::string sqlite_store_path(const std::string& data_dir) {
  return data_dir + "/counter.db";
}

std::string folder_of(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

void fail(sqlite3* db, const std::string& what) {
  throw StoreError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void exec(sqlite3* db, const char* sql, const std::string& what) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, what);
}

std::string query_text(sqlite3* db, const char* sql, const std::string& what) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) fail(db, what);
  SqliteStatement stmt(raw);
  std::string text;
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW && sqlite3_column_text(raw, 0))
    text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db, what);
  return text;
}

SqliteDb open_connection(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK)
    throw StoreError("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

void check_database(sqlite3* db, const std::string& path, bool existing) {
  const std::string where = path + " is not a usable counter store";
  const int app_id = std::stoi(query_text(db, "PRAGMA application_id", where));
  const int tables =
      std::stoi(query_text(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", where));
  if ((tables > 0 || existing) && app_id != kApplicationId)
    throw StoreError(where + ": it is some other SQLite database");
  const int schema = std::stoi(query_text(db, "PRAGMA user_version", where));
  if (schema > kStoreSchemaVersion)
    throw StoreError(where + ": written by a newer counterd (schema " + std::to_string(schema) +
                     ")");
  const std::string check = query_text(db, "PRAGMA quick_check", where);
  if (check != "ok") throw StoreError(path + " is corrupt: " + check);
}

void mark_as_counter_store(sqlite3* db, const std::string& what) {
  exec(db,
       ("PRAGMA application_id = " + std::to_string(kApplicationId) +
        "; PRAGMA user_version = " + std::to_string(kStoreSchemaVersion))
           .c_str(),
       what);
}

}  // namespace counterd
