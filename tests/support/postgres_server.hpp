// Real PostgreSQL servers for tests, started with scripts/postgres.sh.
#pragma once

#include <string>

#include "support/counterd_process.hpp"

namespace testsupport {

// A server of the test's own (for outages: stop() and start() keep its port and data).
class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  void stop();
  void start();
  const std::string& conninfo() const { return conninfo_; }  // without a database name

 private:
  TempDir dir_;
  std::string conninfo_;
};

// The conninfo of the server the CTest fixture started for the whole run (in the build's
// TEST_POSTGRES_DIR); empty when there is none.
std::string fixture_conninfo();

// A connection URL for database `name` on the server at `conninfo`, created if missing (with a
// longer connect timeout than counterd's own).
std::string database_url(const std::string& conninfo, const std::string& name);

// Runs `sql` on database `name` (one round trip; throws std::runtime_error with the error).
std::string query(const std::string& conninfo, const std::string& name, const std::string& sql);

}  // namespace testsupport
