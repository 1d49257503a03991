// What the SQLite store and its backups share: where the store's file is, how a connection to
// it is opened, and how a file is recognised as a sound counter store.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

namespace counterd {

struct CloseSqlite {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteDb = std::unique_ptr<sqlite3, CloseSqlite>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, CloseSqlite>;

// The store's database in a data directory.
std::string sqlite_store_path(const std::string& data_dir);
// The folder a file is in ("." for a bare name).
std::string folder_of(const std::string& path);

// Throws StoreError naming `what` and SQLite's message.
[[noreturn]] void fail(sqlite3* db, const std::string& what);
void exec(sqlite3* db, const char* sql, const std::string& what);
// Runs a query that yields one text cell (PRAGMAs); empty when it yields no row.
std::string query_text(sqlite3* db, const char* sql, const std::string& what);

// A read-write connection (the file created if `create`), busy-waiting up to 5 s for locks.
SqliteDb open_connection(const std::string& path, bool create = true);

// Refuses files that are not ours, are damaged, or come from a newer counterd. A file that
// `existing` says was there before must be ours even when it holds no table yet.
void check_database(sqlite3* db, const std::string& path, bool existing);
// Marks a new database as ours (inside the transaction that creates its schema).
void mark_as_counter_store(sqlite3* db, const std::string& what);

}  // namespace counterd
