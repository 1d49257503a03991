#include "support/postgres_server.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace testsupport {

namespace {

std::string script(const std::string& action, const std::string& dir) {
  const std::string command =
      std::string(TEST_SOURCE_DIR) + "/../scripts/postgres.sh " + action + " '" + dir + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> out(popen(command.c_str(), "r"), pclose);
  if (!out) throw std::runtime_error("cannot run " + command);
  std::string printed;
  char buf[256];
  while (std::fgets(buf, sizeof buf, out.get())) printed += buf;
  if (pclose(out.release()) != 0) throw std::runtime_error(command + " failed");
  while (!printed.empty() && printed.back() == '\n') printed.pop_back();
  return printed;
}

}  // namespace

PostgresServer::PostgresServer() {
  conninfo_ = script("start", dir_.str() + "/pg");
}

PostgresServer::~PostgresServer() {
  try {
    script("remove", dir_.str() + "/pg");
  } catch (const std::exception&) {
  }
}

void PostgresServer::stop() {
  script("stop", dir_.str() + "/pg");
}
void PostgresServer::start() {
  script("start", dir_.str() + "/pg");
}

std::string fixture_conninfo() {
  std::ifstream in(TEST_POSTGRES_DIR "/conninfo");
  std::string line;
  std::getline(in, line);
  return line;
}

std::string query(const std::string& conninfo, const std::string& name, const std::string& sql) {
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn(
      PQconnectdb((conninfo + " dbname=" + name).c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error(std::string("cannot connect: ") + PQerrorMessage(conn.get()));
  std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQexec(conn.get(), sql.c_str()), PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error(sql + ": " + PQerrorMessage(conn.get()));
  return PQntuples(result.get()) > 0 ? PQgetvalue(result.get(), 0, 0) : "";
}

std::string database_url(const std::string& conninfo, const std::string& name) {
  const std::string exists = query(
      conninfo, "postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
  if (exists == "0") query(conninfo, "postgres", "CREATE DATABASE \"" + name + "\"");
  // counterd gives a connection 2 s to be let in; on a test machine busy with sanitizer builds
  // and two suites at once a new database's first connection has taken longer (seen once,
  // "timeout expired"). What the tests check is not that bound: they wait longer.
  return conninfo + " connect_timeout=10 dbname=" + name;
}

}  // namespace testsupport
