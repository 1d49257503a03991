// What the card shows and what it asks of the API, without ImGui, the DOM or the network.
//
// The view-model is a state machine driven by four inputs: the user's intents (sell, reset,
// dismiss), the API's answers, the clock, and the browser's storage (other tabs). It answers
// with the requests to send; the caller sends them and reports back. Time, keys and storage
// are passed in, so tests drive it without waiting.
//
// Every sale goes through a queue that the page keeps in the browser's storage, shared by its
// tabs: a sale is queued with a fresh Idempotency-Key and the time it was made, and the tab
// that holds the replayer role sends the queue's head, again and again with the same key,
// until the server decides. So a sale whose answer was lost is neither lost nor sold twice,
// sales made offline are sent when the server is back, and no two tabs send the same sale.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "counter/wire.hpp"

namespace ui {

enum class Call { refresh, sell, reset, sales, recent_changes };

struct HttpRequest {
  Call call;
  std::string method;
  std::string path;
  std::string body;                                          // JSON, or empty
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Accept and Content-Type
};

struct HttpResponse {
  int status = 0;  // 0: no answer at all (network down, timeout)
  std::string body;
  std::string etag;
  double retry_after_s = 0;  // the Retry-After header, 0 when there is none
};

using Requests = std::vector<HttpRequest>;

// A sale made in this browser and not yet decided by the server.
struct QueuedSale {
  std::string key;    // its Idempotency-Key
  double made_at_ms;  // Unix time
  friend bool operator==(const QueuedSale&, const QueuedSale&) = default;
};

// A queued sale the server refused (e.g. sold out meanwhile): shown until dismissed.
struct RefusedSale {
  std::string key;
  double made_at_ms;
  std::string reason;
  friend bool operator==(const RefusedSale&, const RefusedSale&) = default;
};

// What the view-model needs from its surroundings besides time.
struct Environment {
  std::function<std::string()> new_key;  // a fresh, unguessable idempotency key
  std::function<double()> wall_ms;       // Unix time in milliseconds
};

// One word for the card's overall state (also published to the DOM for tests and styling).
enum class Phase { loading, ready, selling, sold_out, offline };
// "loading", "ready", "selling", "sold-out", "offline" (the page's data-phase).
const char* phase_name(Phase phase);

class CounterViewModel {
 public:
  static constexpr double kRefreshEveryMs = 2000;
  static constexpr double kFirstRetryMs = 1000;
  static constexpr double kMaxRetryMs = 30000;
  static constexpr double kKeyInUseRetryMs = 500;  // the server is still deciding that key

  CounterViewModel(std::string api_base, Environment environment);

  // ---- what the card shows
  Phase phase() const;
  bool has_value() const { return state_.has_value(); }
  // The version of the server's state this screen knows (changes with every change anywhere).
  std::optional<std::uint64_t> server_version() const {
    return state_ ? std::optional(state_->version) : std::nullopt;
  }
  // The stock as this screen expects it: the server's value less the sales still queued.
  std::int64_t value() const;
  bool stale() const { return offline_ && state_.has_value(); }  // shown, but maybe outdated
  bool selling() const { return phase() == Phase::selling; }
  bool can_sell() const;
  std::size_t waiting() const { return queued_.size(); }  // sales not yet decided
  const std::string& banner() const;                      // a message above the actions, or empty
  std::string waiting_text() const;                       // "3 sales waiting to sync", or empty
  std::string refused_text() const;  // "1 sale could not be recorded: sold out", or empty
  std::string status_text() const;   // one sentence for screen readers

  // ---- the sale queue, as the browser's storage keeps it
  const std::vector<QueuedSale>& queued() const { return queued_; }
  const std::vector<RefusedSale>& refused() const { return refused_; }
  // Changes whenever queued() or refused() change: the caller saves them when it does.
  std::uint64_t queue_version() const { return queue_version_; }
  // The queue as the storage holds it now (another tab changed it, or the page loaded).
  Requests sync_queue(std::vector<QueuedSale> queued, std::vector<RefusedSale> refused,
                      double now_ms);
  // This tab now holds (or does not hold) the replayer role: only the replayer sends sales.
  Requests set_replayer(bool replayer, double now_ms);

  // ---- the reset dialog
  bool reset_open() const { return reset_open_; }
  bool resetting() const { return reset_key_.has_value(); }
  // The dialog's stock field as typed: what RESET sends is what it shows, however the field was
  // left (a click elsewhere, Tab, the button itself); text that is not a stock sends nothing.
  const std::string& reset_text() const { return reset_text_; }
  void set_reset_text(std::string text);
  std::optional<std::int64_t> reset_target() const { return reset_target_; }
  // The manager's code, asked for when this tab does not know it (or the last one was wrong).
  bool needs_code() const { return code_.empty(); }
  const std::string& typed_code() const { return typed_code_; }
  void set_typed_code(std::string code);
  // The code this tab knows (kept for the tab's life); changes when a reset accepts one.
  const std::string& manager_code() const { return code_; }
  void set_manager_code(std::string code) { code_ = std::move(code); }
  const std::string& reset_error() const { return reset_error_; }
  const std::string& reset_notice() const { return reset_notice_; }  // "Trying again…"
  bool can_confirm_reset() const;

  // ---- intents; each returns the requests to send
  Requests start(double now_ms);
  Requests sell(double now_ms);
  void dismiss_refused();
  void open_reset();
  void cancel_reset();
  Requests confirm_reset(double now_ms);

  // ---- the live stream (GET /api/events); polling is the fallback while it is not healthy
  // Healthy: open, and heard from within kStreamSilenceMs (the server repeats the newest state
  // every kLiveHeartbeatMs; two missed and a second's grace mean the server is gone, though
  // nginx keeps the stream open). While it is, no polling.
  static constexpr double kStreamSilenceMs = 2 * counter::kLiveHeartbeatMs + 1000;
  // Connected (again): one refresh now, for what the stream may have missed while it was away.
  Requests on_stream_open(double now_ms);
  // A state the stream delivered (a change, or a heartbeat); one no newer than what is shown
  // changes nothing on the card.
  void on_stream_state(const counter::CounterState& state, double now_ms);
  // The stream failed: the conditional poll every kRefreshEveryMs until it is back.
  void on_stream_lost(double now_ms);
  bool streaming() const { return streaming_; }

  // ---- inputs from the network and the clock
  // Reports the answer to `call`; returns the follow-up requests due at once.
  Requests on_response(Call call, const HttpResponse& response, double now_ms);
  // Returns what is due (a refresh, a retry); call again at next_tick_ms() (infinity: when an
  // answer comes).
  Requests tick(double now_ms);
  double next_tick_ms() const;
  double retry_delay_ms() const { return retry_delay_ms_; }

 private:
  HttpRequest refresh_request();
  HttpRequest sale_request();
  HttpRequest reset_request();
  Requests send_head_if_due(double now_ms);
  void accept(const counter::CounterState& state, const std::string& etag);
  void went_offline(double now_ms);
  void came_online(double now_ms);
  void decided(const std::string& key, std::optional<std::string> refusal);
  Requests on_sale(const HttpResponse& response, double now_ms);
  Requests on_reset(const HttpResponse& response, double now_ms);

  std::string api_;
  Environment env_;
  std::optional<counter::CounterState> state_;
  std::string etag_;
  bool offline_ = false;
  bool refreshing_ = false;
  bool streaming_ = false;
  double stream_deadline_ms_ = 0;  // while streaming: silent until then means unhealthy
  std::string notice_;             // about the user's last action; cleared by the next one
  double next_refresh_ms_ = 0;
  double retry_delay_ms_ = kFirstRetryMs;

  std::vector<QueuedSale> queued_;
  std::vector<RefusedSale> refused_;
  std::uint64_t queue_version_ = 0;
  bool replayer_ = false;
  std::optional<std::string> sending_;  // the key of the sale in flight
  double next_sale_ms_ = 0;             // not before: a retry waits for this

  bool reset_open_ = false;
  std::string reset_text_;
  std::optional<std::int64_t> reset_target_;  // reset_text_ as a valid stock
  std::optional<std::string> reset_key_;      // set while a reset is unanswered (and retried)
  bool reset_in_flight_ = false;
  double next_reset_ms_ = 0;
  std::string code_;        // the manager's code this tab knows
  std::string typed_code_;  // what the dialog's code field holds
  std::string reset_error_;
  std::string reset_notice_;
};

}  // namespace ui
