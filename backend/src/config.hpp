// counterd's settings: from flags, then environment variables, then defaults (a flag wins).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/store.hpp"

namespace counterd {

// One reactor thread per usable core: no request ever parks a thread, so more would only
// time-share the cores.
int default_threads();

// What counterd was started to do.
enum class Task {
  serve,    // the REST server (no command)
  backup,   // `counterd backup --to FILE`: copy the live SQLite store
  restore,  // `counterd restore --from FILE [--replace]`: put a backup into the data directory
};

struct Config {
  Task task = Task::serve;
  std::string backup_file;  // --to of backup, --from of restore
  bool replace = false;     // restore over a store that is there (moved aside)
  std::string host = "127.0.0.1";
  std::uint16_t port = 9080;  // 0: any free port (the startup line names it)
  std::int64_t initial_stock = 1000;
  std::string data_dir = "data";
  int threads = default_threads();  // HTTP reactor threads: one per core
  StoreKind store = StoreKind::sqlite;
  std::string database_url;      // for StoreKind::postgres
  std::string publish_url;       // nginx's live channel; empty: no live updates
  int request_timeout_s = 10;    // from a request's first byte to its last (408 after)
  int idle_timeout_s = 75;       // an idle connection is closed (longer than nginx's 60 s)
  int idempotency_hours = 24;    // how long an answer is kept under its idempotency key
  int undo_minutes = 10;         // how long after a sale it may be undone
  std::string admin_token;       // the manager's code itself (environment only)
  std::string admin_token_file;  // a file holding it
};

struct ShowHelp {};
struct ConfigError {
  std::string message;
};

using ConfigResult = std::variant<Config, ShowHelp, ConfigError>;

using Environment = std::vector<std::pair<std::string, std::string>>;

// Reads `args` (without the program name) and `env`; pure, so tests can call it.
ConfigResult parse_config(std::vector<std::string> args, const Environment& env);

// The process's own environment, restricted to the variables counterd reads.
Environment counterd_environment();

std::string help_text();
std::string describe(const Config& config);

}  // namespace counterd
