// What the card shows and what it asks of the API, without ImGui, the DOM or the network.
//
// The view-model is a state machine driven by three inputs: the user's intents (sell, reset),
// the API's answers, and the clock. It answers with the requests to send; the caller sends them
// and reports back. Time is passed in, so tests drive it without waiting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "counter/wire.hpp"

namespace ui {

enum class Call { refresh, sell, reset };

struct HttpRequest {
  Call call;
  std::string method;
  std::string path;
  std::string body;           // JSON, or empty
  std::string if_none_match;  // ETag of the state we hold, for refreshes
};

struct HttpResponse {
  int status = 0;  // 0: no answer at all (network down, timeout)
  std::string body;
  std::string etag;
};

// One word for the card's overall state (also published to the DOM for tests and styling).
enum class Phase { loading, ready, selling, sold_out, offline };

class CounterViewModel {
 public:
  static constexpr double kRefreshEveryMs = 2000;
  static constexpr double kFirstRetryMs = 1000;
  static constexpr double kMaxRetryMs = 30000;

  explicit CounterViewModel(std::string api_base = "/api");

  // ---- what the card shows
  Phase phase() const;
  bool has_value() const { return state_.has_value(); }
  std::int64_t value() const { return state_ ? state_->value : 0; }
  bool stale() const { return offline_ && state_.has_value(); }  // shown, but maybe outdated
  bool selling() const { return selling_; }
  bool can_sell() const;
  const std::string& banner() const;  // a message above the card's actions, or empty
  std::string status_text() const;    // one sentence for screen readers

  // ---- the reset dialog
  bool reset_open() const { return reset_open_; }
  bool resetting() const { return resetting_; }
  std::int64_t reset_target() const { return reset_target_; }
  void set_reset_target(std::int64_t target);
  const std::string& reset_error() const { return reset_error_; }
  bool can_confirm_reset() const;

  // ---- intents; each returns the request to send, if any
  std::optional<HttpRequest> start(double now_ms);
  std::optional<HttpRequest> sell(double now_ms);
  void open_reset();
  void cancel_reset();
  std::optional<HttpRequest> confirm_reset(double now_ms);

  // ---- inputs from the network and the clock
  // Reports the answer to `call`; returns a follow-up request when one is needed at once.
  std::optional<HttpRequest> on_response(Call call, const HttpResponse& response, double now_ms);
  // Returns a background refresh (or retry) once it is due; call again at next_tick_ms().
  std::optional<HttpRequest> tick(double now_ms);
  double next_tick_ms() const { return next_refresh_ms_; }
  double retry_delay_ms() const { return retry_delay_ms_; }

 private:
  HttpRequest refresh_request();
  void accept(const counter::CounterState& state, const std::string& etag);
  void went_offline(double now_ms);
  void came_online(double now_ms);

  std::string api_;
  std::optional<counter::CounterState> state_;
  std::string etag_;
  bool offline_ = false;
  bool refreshing_ = false;
  bool selling_ = false;
  std::string notice_;  // about the user's last action; cleared by the next one
  double next_refresh_ms_ = 0;
  double retry_delay_ms_ = kFirstRetryMs;

  bool reset_open_ = false;
  bool resetting_ = false;
  std::int64_t reset_target_ = counter::kDefaultInitialStock;
  std::string reset_error_;
};

}  // namespace ui
