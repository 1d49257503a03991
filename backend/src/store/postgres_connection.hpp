// One libpq connection that connects again by itself after it breaks, with bounded waits: a
// database that is down or unreachable costs a caller at most a couple of seconds, and while it
// stays down, callers are refused at once instead of each waiting again.
#pragma once

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store.hpp"

namespace counterd {

// The connection broke during a statement (the server went away, the network dropped).
class ConnectionLost : public StoreError {
 public:
  using StoreError::StoreError;
};

struct ClearResult {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ClearResult>;

// What the connections to one server know together about reaching it: after a failed attempt
// to connect, none tries again for a moment (callers are refused at once with that failure);
// once any of them gets through, all may. (Each on its own, a store's writer went on refusing
// sales for up to that moment after its reader had found the server back and said "ready".)
class ServerReach {
 public:
  // The failure to repeat instead of trying now, or nothing: try.
  std::optional<std::string> refusal() const;
  void failed(std::string message);
  void reached();

 private:
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point failed_at_{};
  std::string last_failure_;  // empty: the last attempt got through
};

class PgConnection {
 public:
  // `reach`: shared with the other connections to the same server, or this one's own.
  explicit PgConnection(std::string url,
                        std::shared_ptr<ServerReach> reach = std::make_shared<ServerReach>());
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` (several statements when there are no parameters) with text parameters and
  // returns its last result; connects first if needed. Throws ConnectionLost when the
  // connection breaks, StoreError for anything else the server refuses.
  PgResult run(const char* sql, const std::vector<std::string>& params = {});

  // run() for a statement that is safe to send twice (a read, the start of a transaction, an
  // idempotent delete): a connection found broken by it — the server restarted since its last
  // use — is replaced and the statement sent once more.
  PgResult run_again_if_lost(const char* sql, const std::vector<std::string>& params = {});

  // Rolls back an open transaction, if the connection still stands; never throws.
  void rollback() noexcept;

  // The payloads of the notifications (LISTEN) that arrive within `wait`, in the order the
  // server sent them. Throws ConnectionLost when the connection breaks, or is found broken:
  // what this session listened to and held is gone with it.
  std::vector<std::string> notifications(std::chrono::milliseconds wait);

  std::uint64_t reconnects() const { return reconnects_.load(); }

 private:
  void connect();

  std::string url_;
  std::shared_ptr<ServerReach> reach_;
  PGconn* conn_ = nullptr;
  bool ever_connected_ = false;
  bool cannot_connect_ = false;  // the last attempt to connect failed, or was refused
  std::atomic<std::uint64_t> reconnects_{0};
};

// A PostgreSQL array literal ({"a","b"}) of `items`, for one parameter that carries many rows.
std::string array_literal(const std::vector<std::string>& items);

// The text of a result's cell.
std::string cell(const PGresult* result, int row, int column);

}  // namespace counterd
