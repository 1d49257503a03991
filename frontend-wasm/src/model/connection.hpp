// What this screen knows of the server's counter, and how it keeps that fresh: the newest
// state with its ETag; a conditional poll every kRefreshEveryMs, backing off while the server
// is out of reach; and the live stream (GET /api/events), which replaces the poll while it is
// healthy.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "counter/wire.hpp"
#include "model/attempt.hpp"
#include "model/http_call.hpp"

namespace ui {

class Connection {
 public:
  static constexpr double kRefreshEveryMs = 2000;
  static constexpr double kFirstRetryMs = 1000;
  static constexpr double kMaxRetryMs = 30000;
  // Healthy: open, and heard from within kStreamSilenceMs (the server repeats the newest state
  // every kLiveHeartbeatMs; two missed and a second's grace mean the server is gone, though
  // nginx keeps the stream open).
  static constexpr double kStreamSilenceMs = 2 * counter::kLiveHeartbeatMs + 1000;

  // Keeps the newest state where the browser keeps it (called whenever it changes).
  using SaveState = std::function<void(const counter::CounterState&)>;

  Connection(std::string api_base, SaveState save_state);

  const std::optional<counter::CounterState>& state() const { return state_; }
  bool offline() const { return offline_; }
  bool streaming() const { return streaming_; }
  double retry_delay_ms() const { return retry_delay_ms_; }
  // Changes whenever state() or offline() do.
  std::uint64_t revision() const { return revision_; }

  // The state this browser saved last time: shown (as the last known count) when the server
  // cannot be reached before it has answered once, so a till opened offline can sell.
  void set_last_known(std::optional<counter::CounterState> state) { last_known_ = state; }
  HttpRequest start(double now_ms);
  // The answer to a refresh; false when it brought no state (the server is out of reach).
  bool on_refresh(const HttpResponse& response, double now_ms);
  // A state the server answered a change with.
  void accept(const counter::CounterState& state, const std::string& etag, double now_ms);
  void went_offline(double now_ms);
  // A sale was refused as sold out: nothing is left, whatever this screen thought.
  void sold_out();
  // A refresh now, unless one is already on its way.
  std::optional<HttpRequest> refresh_unless_pending();

  // Connected (again): one refresh, for what the stream may have missed while it was away.
  std::optional<HttpRequest> on_stream_open(double now_ms);
  // A state the stream delivered (a change, or a heartbeat); one no newer than what is known
  // changes nothing.
  void on_stream_state(const counter::CounterState& state, double now_ms);
  // The stream failed: the poll takes over until it is back.
  void on_stream_lost(double now_ms);

  std::optional<HttpRequest> tick(double now_ms);
  double next_tick_ms() const;

 private:
  HttpRequest refresh_request();
  void came_online(double now_ms);
  void set_state(const counter::CounterState& state, std::string etag);
  void set_offline(bool offline);

  std::string api_;
  SaveState save_state_;
  std::optional<counter::CounterState> last_known_;
  std::optional<counter::CounterState> state_;
  std::string etag_;
  bool offline_ = false;
  Attempt refresh_;
  double retry_delay_ms_ = kFirstRetryMs;
  bool streaming_ = false;
  double stream_deadline_ms_ = 0;  // while streaming: silent until then means unhealthy
  std::uint64_t revision_ = 0;
};

}  // namespace ui
