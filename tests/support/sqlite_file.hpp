// Runs SQL on a SQLite store's file behind the store's back: how the tests make the stores an
// older counterd left, for the upgrades to read.
#pragma once

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>

namespace testsupport {

inline void run_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace testsupport
