#include "config.hpp"

#include <arpa/inet.h>
#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>

#include "counter/stock.hpp"
#include "live/publisher.hpp"

namespace counterd {

namespace {

// One row per setting: the flag, its variable, what it means, and how to apply a text value.
// A setting without a flag is read from the environment only (a secret must not show in ps).
struct Setting {
  const char* flag;
  const char* env;
  const char* value_name;
  std::string help;
  std::function<std::string(Config&, const std::string&)> apply;  // returns an error or ""
};

template <class Int>
std::string parse_int(const std::string& text, Int min, Int max, Int& out) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    return "'" + text + "' is not a whole number";
  if (v < static_cast<long long>(min) || v > static_cast<long long>(max))
    return "'" + text + "' is out of range (" + std::to_string(min) + " to " + std::to_string(max) +
           ")";
  out = static_cast<Int>(v);
  return "";
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all{
      {"--host", "COUNTERD_HOST", "ADDR", "IPv4 address to listen on (default 127.0.0.1)",
       [](Config& c, const std::string& v) -> std::string {
         in_addr parsed{};
         if (inet_pton(AF_INET, v.c_str(), &parsed) != 1)
           return "'" + v + "' is not an IPv4 address";
         c.host = v;
         return "";
       }},
      {"--port", "COUNTERD_PORT", "N", "TCP port, 0 for any free one (default 9080)",
       [](Config& c, const std::string& v) {
         return parse_int<std::uint16_t>(v, 0, 65535, c.port);
       }},
      {"--initial-stock", "COUNTERD_INITIAL_STOCK", "N",
       "stock at first start and after a reset without a value (default 1000)",
       [](Config& c, const std::string& v) {
         return parse_int<std::int64_t>(v, 0, counter::kMaxStock, c.initial_stock);
       }},
      {"--data-dir", "COUNTERD_DATA_DIR", "DIR",
       "folder of the durable store, created if missing (default ./data)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.empty()) return "the data directory must not be empty";
         c.data_dir = v;
         return "";
       }},
      {"--threads", "COUNTERD_THREADS", "N",
       "HTTP reactor threads (default: one per core, " + std::to_string(default_threads()) +
           " here)",
       [](Config& c, const std::string& v) { return parse_int<int>(v, 1, 256, c.threads); }},
      {"--store", "COUNTERD_STORE", "KIND",
       "sqlite (durable, one box, default), postgres (shared by replicas; needs "
       "--database-url) or memory (lost on restart, like the original)",
       [](Config& c, const std::string& v) -> std::string {
         for (auto kind : {StoreKind::sqlite, StoreKind::postgres, StoreKind::memory})
           if (v == to_string(kind)) {
             c.store = kind;
             return "";
           }
         return "'" + v + "' is not a store kind (sqlite, postgres or memory)";
       }},
      {"--database-url", "COUNTERD_DATABASE_URL", "URL",
       "PostgreSQL connection string or URI for --store postgres, e.g. "
       "postgresql://counter@db/counter",
       [](Config& c, const std::string& v) -> std::string {
         if (v.empty()) return "the database URL must not be empty";
         c.database_url = v;
         return "";
       }},
      {"--publish-url", "COUNTERD_PUBLISH_URL", "URL",
       "where to publish each new state for live updates (nginx's nchan publisher, e.g. "
       "http://127.0.0.1:8081/counter); default: none",
       [](Config& c, const std::string& v) -> std::string {
         if (!live::parse_publish_url(v))
           return "'" + v + "' is not an http://HOST[:PORT]/PATH URL";
         c.publish_url = v;
         return "";
       }},
      {"--request-timeout", "COUNTERD_REQUEST_TIMEOUT", "S",
       "seconds a request may take to arrive in full before it is answered 408 (default 10)",
       [](Config& c, const std::string& v) {
         return parse_int<int>(v, 1, 600, c.request_timeout_s);
       }},
      {"--idempotency-hours", "COUNTERD_IDEMPOTENCY_HOURS", "H",
       "hours an answer is kept under its Idempotency-Key (default 24)",
       [](Config& c, const std::string& v) {
         return parse_int<int>(v, 1, 24 * 365, c.idempotency_hours);
       }},
      {"--undo-minutes", "COUNTERD_UNDO_MINUTES", "M",
       "minutes after a sale in which POST /return may undo it (default 10; at most a day, "
       "while the sale's key is kept)",
       [](Config& c, const std::string& v) {
         return parse_int<int>(v, 1, 24 * 60, c.undo_minutes);
       }},
      {"--admin-token-file", "COUNTERD_ADMIN_TOKEN_FILE", "FILE",
       "file holding the manager's code that PUT /reset requires (default: DIR/admin-token, "
       "created at first start)",
       [](Config& c, const std::string& v) -> std::string {
         if (v.empty()) return "the file name must not be empty";
         c.admin_token_file = v;
         return "";
       }},
      {nullptr, "COUNTERD_ADMIN_TOKEN", "CODE", "the manager's code itself (environment only)",
       [](Config& c, const std::string& v) -> std::string {
         c.admin_token = v;
         return "";
       }},
      {"--idle-timeout", "COUNTERD_IDLE_TIMEOUT", "S",
       "seconds an idle connection is kept open (default 75)",
       [](Config& c, const std::string& v) {
         return parse_int<int>(v, 1, 3600, c.idle_timeout_s);
       }},
  };
  return all;
}

}  // namespace

int default_threads() {
  // The cores this process may run on (taskset, container cpusets), not the machine's.
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  const int usable = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
  return std::clamp(usable, 1, 256);
}

namespace {

// The command before the options, and its own options: taken out of `args`.
std::string take_task(std::vector<std::string>& args, Config& config) {
  if (args.empty() || (args[0] != "backup" && args[0] != "restore")) return "";
  config.task = args[0] == "backup" ? Task::backup : Task::restore;
  const std::string file_flag = config.task == Task::backup ? "--to" : "--from";
  std::vector<std::string> rest;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (config.task == Task::restore && arg == "--replace") {
      config.replace = true;
    } else if (arg == file_flag || arg.rfind(file_flag + "=", 0) == 0) {
      if (arg == file_flag && i + 1 == args.size()) return file_flag + " needs a file";
      config.backup_file = arg == file_flag ? args[++i] : arg.substr(file_flag.size() + 1);
      if (config.backup_file.empty()) return file_flag + " needs a file";
    } else {
      rest.push_back(arg);
    }
  }
  args = std::move(rest);
  if (config.backup_file.empty())
    return "counterd " + std::string(config.task == Task::backup ? "backup" : "restore") +
           " needs " + file_flag + " FILE";
  return "";
}

}  // namespace

ConfigResult parse_config(std::vector<std::string> args, const Environment& env) {
  Config config;
  if (auto error = take_task(args, config); !error.empty()) return ConfigError{error};
  for (const auto& s : settings()) {
    for (const auto& [name, value] : env) {
      if (name != s.env) continue;
      if (auto error = s.apply(config, value); !error.empty())
        return ConfigError{std::string(s.env) + ": " + error};
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") return ShowHelp{};
    const auto eq = arg.find('=');
    const std::string flag = arg.substr(0, eq);
    const Setting* setting = nullptr;
    for (const auto& s : settings())
      if (s.flag && flag == s.flag) setting = &s;
    if (!setting) return ConfigError{"unknown option '" + arg + "' (see --help)"};
    std::string value;
    if (eq != std::string::npos)
      value = arg.substr(eq + 1);
    else if (i + 1 < args.size())
      value = args[++i];
    else
      return ConfigError{flag + " needs a value"};
    if (auto error = setting->apply(config, value); !error.empty())
      return ConfigError{flag + ": " + error};
  }
  if (config.task != Task::serve && config.store != StoreKind::sqlite)
    return ConfigError{
        "backup and restore are for the SQLite store; for PostgreSQL use pg_dump and pg_restore "
        "(see docs/operations.md)"};
  if (config.store == StoreKind::postgres) {
    if (config.database_url.empty())
      return ConfigError{"--store postgres needs --database-url (or COUNTERD_DATABASE_URL)"};
    // Each replica would otherwise make up a code of its own.
    if (config.admin_token.empty() && config.admin_token_file.empty())
      return ConfigError{
          "--store postgres needs the manager's code that every replica shares: set "
          "COUNTERD_ADMIN_TOKEN or --admin-token-file"};
  }
  return config;
}

Environment counterd_environment() {
  Environment env;
  for (const auto& s : settings())
    if (const char* value = std::getenv(s.env)) env.emplace_back(s.env, value);
  return env;
}

std::string help_text() {
  std::string text =
      "counterd - Camera Counter's REST server\n\n"
      "Usage: counterd [OPTION VALUE | OPTION=VALUE]...\n"
      "       counterd backup --to FILE [--data-dir DIR]\n"
      "           copy the SQLite store in DIR to FILE, while counterd serves (sales go on)\n"
      "       counterd restore --from FILE [--replace] [--data-dir DIR]\n"
      "           put a backup into DIR (no counterd may be running on it); --replace moves a\n"
      "           store that is there aside to DIR/replaced-TIME/ first\n\n"
      "Options (each also read from an environment variable; the flag wins):\n";
  for (const auto& s : settings()) {
    std::string left = std::string("  ") + (s.flag ? s.flag : "(no flag)") + " " + s.value_name;
    left.resize(26, ' ');
    text += left + s.env + "\n" + std::string(28, ' ') + s.help + "\n";
  }
  text +=
      "  --help                  show this help\n\n"
      "Exit status: 0 after a clean shutdown (SIGTERM, SIGINT) or a backup or restore done, 1 if\n"
      "the store or the port cannot be used (or a backup or restore failed), 2 for an invalid\n"
      "setting.\n";
  return text;
}

std::string describe(const Config& c) {
  return "store=" + std::string(to_string(c.store)) +
         (c.store == StoreKind::postgres ? "" : " data_dir=" + c.data_dir) +
         " initial_stock=" + std::to_string(c.initial_stock) +
         " threads=" + std::to_string(c.threads);
}

}  // namespace counterd
