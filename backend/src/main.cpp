// counterd: set up (settings, store, service, HTTP server), wait for SIGTERM or SIGINT, then
// tear down in reverse: stop accepting, answer every request already read, record what is
// queued, close the store.
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "api/routes.hpp"
#include "config.hpp"
#include "counter/stock.hpp"
#include "http/server.hpp"
#include "live/live_updates.hpp"
#include "service/counter_service.hpp"
#include "service/history_reads.hpp"
#include "service/time_zones.hpp"
#include "store/sqlite_backup.hpp"
#include "store/store.hpp"

namespace {

using namespace std::chrono_literals;

// How long a graceful stop waits for the requests already read to be answered.
constexpr auto kDrainDeadline = 10s;

// Blocks the stop signals in this thread before any other starts, so every thread inherits the
// mask and only sigwait() below receives them.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Raises the soft limit on open files to the hard one, as nginx does: connections are files.
void raise_open_file_limit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

// The manager's code, or a StoreError: like the store, it lives in the data directory.
counterd::api::LoadedCode load_code(const counterd::Config& config) {
  try {
    return counterd::api::load_manager_code(config.admin_token, config.admin_token_file,
                                            config.data_dir);
  } catch (const std::exception& e) {
    throw counterd::StoreError(e.what());
  }
}

// Live updates, when a publish URL is set. Messages are GET /counter's body.
std::unique_ptr<counterd::live::LiveUpdates> start_live_updates(const counterd::Config& config,
                                                                counterd::Store& store) {
  if (config.publish_url.empty()) return nullptr;
  const std::int64_t initial = config.initial_stock;
  return std::make_unique<counterd::live::LiveUpdates>(
      *counterd::live::parse_publish_url(config.publish_url), store, initial,
      [initial](const counter::Stock& s, const std::vector<counter::RecordedChange>& changes) {
        return counter::to_json(counter::LiveState{{s.value, s.version, initial}, changes});
      });
}

std::string describe(const counterd::BackupSummary& s) {
  return "store " + s.store_id + ": stock " + std::to_string(s.stock.value) + " at version " +
         std::to_string(s.stock.version) + ", " + std::to_string(s.changes) + " changes, " +
         std::to_string(s.kept_answers) + " answers kept under Idempotency-Keys";
}

// `counterd backup` and `counterd restore`: one line saying what was done, or why not.
int run_backup_task(const counterd::Config& config) {
  try {
    if (config.task == counterd::Task::backup) {
      const auto summary = counterd::backup_store(config.data_dir, config.backup_file);
      std::cout << "counterd: backed up " << describe(summary) << " to " << config.backup_file
                << "\n";
      return 0;
    }
    const auto r = counterd::restore_store(config.backup_file, config.data_dir, config.replace);
    std::cout << "counterd: restored " << describe(r.restored) << " into " << config.data_dir
              << " as store " << r.new_store_id
              << (r.moved_aside.empty() ? "" : "; the store it replaced is in " + r.moved_aside)
              << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "counterd: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed =
      counterd::parse_config({argv + 1, argv + argc}, counterd::counterd_environment());
  if (std::holds_alternative<counterd::ShowHelp>(parsed)) {
    std::cout << counterd::help_text();
    return 0;
  }
  if (const auto* error = std::get_if<counterd::ConfigError>(&parsed)) {
    std::cerr << "counterd: " << error->message << "\n";
    return 2;
  }
  const auto& config = std::get<counterd::Config>(parsed);
  if (config.task != counterd::Task::serve) return run_backup_task(config);
  const sigset_t stop_signals = block_stop_signals();
  signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer must not end the process
  raise_open_file_limit();

  try {
    auto store = counterd::open_store(config.store, {config.data_dir, config.database_url});
    const auto code = load_code(config);
    // Before anything is served, in one write: the operator sees it even if counterd stops at once.
    if (!code.warning.empty()) std::cerr << "counterd: WARNING: " + code.warning + "\n";
    const counterd::api::ManagerCode manager(code.code);
    counterd::ServiceOptions service_options;
    service_options.initial_stock = config.initial_stock;
    service_options.keep_replies = std::chrono::hours(config.idempotency_hours);
    service_options.undo_window = std::chrono::minutes(config.undo_minutes);
    const auto live = start_live_updates(config, *store);
    if (live)
      service_options.on_commit = [&l = *live](const counter::Stock& s,
                                               const std::vector<counter::RecordedChange>& c) {
        l.on_commit(s, c);
      };
    counterd::CounterService service(*store, service_options);
    counterd::HistoryReads history(*store);
    counterd::zone_clock("UTC", 0, 1);  // reads the zone data's index now, not in a request
    if (live) live->on_start([&service] { return service.current(); });

    counterd::http::ServerOptions options;
    options.host = config.host;
    options.port = config.port;
    options.threads = config.threads;
    options.timeouts.request = std::chrono::seconds(config.request_timeout_s);
    options.timeouts.keepalive = std::chrono::seconds(config.idle_timeout_s);
    counterd::http::Router router;
    counterd::http::Server server(options, router);
    counterd::api::add_routes(router, service, history, manager, server.context(), live.get());
    server.start();

    const counter::Stock stock = service.current();
    std::printf(
        "counterd: listening on http://%s:%u (%s; %s; stock %lld at version %llu; manager's code "
        "from %s)\n",
        config.host.c_str(), static_cast<unsigned>(server.port()),
        counterd::describe(config).c_str(), store->describe().c_str(),
        static_cast<long long>(stock.value), static_cast<unsigned long long>(stock.version),
        code.source.c_str());
    std::fflush(stdout);

    int signal = 0;
    sigwait(&stop_signals, &signal);
    const char* name = signal == SIGTERM ? "SIGTERM" : "SIGINT";
    const auto drained = server.drain(kDrainDeadline);
    server.stop();
    if (drained.complete)
      std::printf(
          "counterd: %s received; every request read was answered (%lld ms); stopped cleanly\n",
          name, static_cast<long long>(drained.took.count()));
    else
      std::printf(
          "counterd: %s received; %lld request(s) still unanswered after %lld ms; stopped\n", name,
          static_cast<long long>(drained.unanswered), static_cast<long long>(drained.took.count()));
    return 0;  // service (recording what is queued), then store, close as they go out of scope
  } catch (const counterd::StoreError& e) {
    std::cerr << "counterd: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "counterd: cannot serve on " << config.host << ":" << config.port << ": "
              << e.what() << "\n";
  }
  return 1;
}
