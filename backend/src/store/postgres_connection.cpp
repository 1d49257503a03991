#include "postgres_connection.hpp"

#include <poll.h>

#include <cstdio>

namespace counterd {

namespace {

using namespace std::chrono_literals;

// After a failed attempt to connect, callers are refused at once for this long.
constexpr auto kRetryPause = 500ms;

// Applied to every session: no statement or lock wait runs on for long, a replica that stops
// mid-transaction releases its locks, and every commit waits for the WAL flush.
constexpr const char* kSessionSettings =
    "SET statement_timeout = 5000; SET lock_timeout = 2000; "
    "SET idle_in_transaction_session_timeout = 10000; SET synchronous_commit = on";

void ignore_notice(void*, const char*) {}  // "relation exists, skipping" and the like

std::string message_of(PGconn* conn) {
  std::string text = conn ? PQerrorMessage(conn) : "out of memory";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (auto& c : text)
    if (c == '\n') c = ' ';
  return text;
}

}  // namespace

std::optional<std::string> ServerReach::refusal() const {
  std::lock_guard lock(mutex_);
  if (last_failure_.empty() || std::chrono::steady_clock::now() - failed_at_ >= kRetryPause)
    return std::nullopt;
  return last_failure_;
}

void ServerReach::failed(std::string message) {
  std::lock_guard lock(mutex_);
  last_failure_ = std::move(message);
  failed_at_ = std::chrono::steady_clock::now();
}

void ServerReach::reached() {
  std::lock_guard lock(mutex_);
  last_failure_.clear();
}

PgConnection::PgConnection(std::string url, std::shared_ptr<ServerReach> reach)
    : url_(std::move(url)), reach_(std::move(reach)) {}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

void PgConnection::connect() {
  if (conn_ && PQstatus(conn_) == CONNECTION_OK) return;
  cannot_connect_ = true;
  if (const auto refused = reach_->refusal())
    throw ConnectionLost("cannot reach PostgreSQL: " + *refused);
  if (conn_) PQfinish(conn_);
  // Bounded waits unless the URL says otherwise (its values come later and win): 2 s to
  // connect, 2 s for unacknowledged data on an established connection, and keepalive probes
  // after 10 s of silence, so that a listening connection notices a peer gone without a word.
  const char* keys[] = {"connect_timeout",
                        "tcp_user_timeout",
                        "keepalives_idle",
                        "keepalives_interval",
                        "application_name",
                        "dbname",
                        nullptr};
  const char* values[] = {"2", "2000", "10", "2", "counterd", url_.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string failure = message_of(conn_);
    reach_->failed(failure);
    throw ConnectionLost("cannot reach PostgreSQL: " + failure);
  }
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  PgResult set(PQexec(conn_, kSessionSettings));
  if (PQresultStatus(set.get()) != PGRES_COMMAND_OK)
    throw StoreError("cannot set up the PostgreSQL session: " + message_of(conn_));
  if (ever_connected_) {
    ++reconnects_;
    std::fprintf(stderr, "counterd: connected to PostgreSQL again\n");
  }
  ever_connected_ = true;
  cannot_connect_ = false;
  reach_->reached();
}

PgResult PgConnection::run(const char* sql, const std::vector<std::string>& params) {
  connect();
  PgResult result;
  if (params.empty()) {
    result.reset(PQexec(conn_, sql));
  } else {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p.c_str());
    result.reset(PQexecParams(conn_, sql, static_cast<int>(params.size()), nullptr, values.data(),
                              nullptr, nullptr, 0));
  }
  const auto status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  if (PQstatus(conn_) != CONNECTION_OK)
    throw ConnectionLost("lost the connection to PostgreSQL: " + message_of(conn_));
  throw StoreError("PostgreSQL refused `" + std::string(sql).substr(0, 60) +
                   "`: " + message_of(conn_));
}

PgResult PgConnection::run_again_if_lost(const char* sql, const std::vector<std::string>& params) {
  try {
    return run(sql, params);
  } catch (const ConnectionLost&) {
    if (cannot_connect_) throw;  // it could not even connect: no second try yet
    return run(sql, params);
  }
}

void PgConnection::rollback() noexcept {
  if (conn_ && PQstatus(conn_) == CONNECTION_OK) PQclear(PQexec(conn_, "ROLLBACK"));
}

std::vector<std::string> PgConnection::notifications(std::chrono::milliseconds wait) {
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK)
    throw ConnectionLost("not connected to PostgreSQL");
  auto take = [this] {
    std::vector<std::string> payloads;
    while (PGnotify* notification = PQnotifies(conn_)) {
      payloads.emplace_back(notification->extra);
      PQfreemem(notification);
    }
    return payloads;
  };
  if (auto ready = take(); !ready.empty()) return ready;  // read along with a statement's answer
  pollfd readable{PQsocket(conn_), POLLIN, 0};
  ::poll(&readable, 1, static_cast<int>(wait.count()));
  if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK)
    throw ConnectionLost("lost the connection to PostgreSQL: " + message_of(conn_));
  return take();
}

std::string array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string cell(const PGresult* result, int row, int column) {
  return std::string(PQgetvalue(result, row, column),
                     static_cast<std::size_t>(PQgetlength(result, row, column)));
}

}  // namespace counterd
