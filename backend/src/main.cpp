// counterd: set up (settings, store, service, HTTP endpoint), wait for SIGTERM or SIGINT, then
// tear down in reverse so that every accepted change is recorded before the process exits.
#include <pistache/endpoint.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "api/routes.hpp"
#include "config.hpp"
#include "service/counter_service.hpp"
#include "store/store.hpp"

namespace {

using namespace Pistache;
using namespace std::chrono_literals;

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

Http::Endpoint::Options endpoint_options(const counterd::Config& config) {
  return Http::Endpoint::options()
      .threads(config.threads)
      .flags(Flags<Tcp::Options>(Tcp::Options::ReuseAddr) | Tcp::Options::NoDelay)
      // Small on purpose: Pistache 0.0.5 spins on large oversize bodies (its issue #1190).
      .maxRequestSize(8192)
      .headerTimeout(10s)
      .bodyTimeout(10s)
      // Longer than nginx's upstream keep-alive, so the proxy is the side that closes.
      .keepaliveTimeout(75s);
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
  const sigset_t stop_signals = block_stop_signals();
  signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer must not end the process

  try {
    auto store = counterd::open_store(config.store, config.data_dir);
    counterd::CounterService service(*store, config.initial_stock);

    Http::Endpoint endpoint(Address(config.host, Port(config.port)));
    endpoint.init(endpoint_options(config));
    endpoint.setHandler(counterd::api::make_router(service).handler());
    endpoint.serveThreaded();

    const counter::Stock stock = service.current();
    std::printf("counterd: listening on http://%s:%u (%s; %s; stock %lld at version %llu)\n",
                config.host.c_str(), static_cast<unsigned>(endpoint.getPort()),
                counterd::describe(config).c_str(), store->describe().c_str(),
                static_cast<long long>(stock.value),
                static_cast<unsigned long long>(stock.version));
    std::fflush(stdout);

    int signal = 0;
    sigwait(&stop_signals, &signal);
    endpoint.shutdown();  // stops accepting; in-flight requests finish on their threads
    std::printf("counterd: %s received, stopped cleanly\n",
                signal == SIGTERM ? "SIGTERM" : "SIGINT");
    return 0;  // service, then store, close as they go out of scope
  } catch (const counterd::StoreError& e) {
    std::cerr << "counterd: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "counterd: cannot serve on " << config.host << ":" << config.port << ": "
              << e.what() << "\n";
  }
  return 1;
}
