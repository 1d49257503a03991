// What every reactor's connection handler and the acceptor share: the router, the limits and
// timeouts, the drain flag, and the counts that /metrics and a graceful stop read.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "request_framer.hpp"
#include "router.hpp"

namespace counterd::http {

struct Timeouts {
  std::chrono::milliseconds request{10'000};    // from a request's first byte to its last
  std::chrono::milliseconds keepalive{75'000};  // an idle connection
  std::chrono::milliseconds linger{2'000};      // after our last answer, for the client to close
};

struct ServerContext {
  ServerContext(const Router& routes, FrameLimits frame_limits, Timeouts timeouts_of)
      : router(routes), limits(frame_limits), timeouts(timeouts_of) {}

  const Router& router;
  FrameLimits limits;
  Timeouts timeouts;

  std::atomic<bool> draining{false};
  std::atomic<std::int64_t> connections{0};  // open
  std::atomic<std::int64_t> in_flight{0};    // requests read in full and not yet answered
  std::atomic<std::int64_t> unflushed{0};    // answers queued and not yet written to their socket
  std::atomic<std::uint64_t> requests{0};    // answered since start
  std::atomic<std::uint64_t> refused{0};     // requests refused by the framer (4xx, 5xx, closed)
};

}  // namespace counterd::http
