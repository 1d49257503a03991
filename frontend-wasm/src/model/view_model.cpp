#include "view_model.hpp"

#include <algorithm>
#include <limits>

#include "counter/problem.hpp"

namespace ui {

namespace {

using counter::ProblemKind;

const std::string kOfflineBanner =
    "Can't reach the server. Sales are kept on this screen and sent when it is back.";

std::optional<ProblemKind> problem_of(const HttpResponse& response) {
  auto decoded = counter::decode_problem(response.body);
  if (const auto* p = std::get_if<counter::Problem>(&decoded)) return counter::problem_kind(*p);
  return std::nullopt;
}

// No answer, or one that says the server (or the proxy before it) could not help right now.
bool is_server_trouble(const HttpResponse& response) {
  const auto kind = problem_of(response);
  if (!kind) return response.status == 0 || response.status >= 500;
  return *kind == ProblemKind::internal_error || *kind == ProblemKind::bad_gateway ||
         *kind == ProblemKind::unavailable || *kind == ProblemKind::gateway_timeout;
}

std::string problem_detail(const HttpResponse& response, const std::string& fallback) {
  auto decoded = counter::decode_problem(response.body);
  if (const auto* p = std::get_if<counter::Problem>(&decoded); p && !p->detail.empty())
    return p->detail;
  return fallback;
}

// The part of an ETag that names the store ("<store>-<version>"): a different one means the
// history started afresh, so its versions are not comparable with ours.
std::string store_of(const std::string& etag) {
  return etag.substr(0, etag.rfind('-'));
}

std::string sales(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " sale" : " sales");
}

double retry_after_ms(const HttpResponse& response) {
  return std::max(1.0, response.retry_after_s) * 1000;
}

}  // namespace

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::loading:
      return "loading";
    case Phase::ready:
      return "ready";
    case Phase::selling:
      return "selling";
    case Phase::sold_out:
      return "sold-out";
    case Phase::offline:
      return "offline";
  }
  return "";
}

CounterViewModel::CounterViewModel(std::string api_base, Environment environment)
    : api_(std::move(api_base)), env_(std::move(environment)) {}

// ---- what the card shows

Phase CounterViewModel::phase() const {
  if (!state_) return offline_ ? Phase::offline : Phase::loading;
  if (offline_) return Phase::offline;
  if (!queued_.empty()) return Phase::selling;
  if (value() == 0) return Phase::sold_out;
  return Phase::ready;
}

std::int64_t CounterViewModel::value() const {
  if (!state_) return 0;
  return std::max<std::int64_t>(0, state_->value - static_cast<std::int64_t>(queued_.size()));
}

bool CounterViewModel::can_sell() const {
  // Online, one sale at a time (no double submit); offline, sales queue up to the last known
  // stock.
  return state_ && value() > 0 && (offline_ || queued_.empty());
}

const std::string& CounterViewModel::banner() const {
  return offline_ ? kOfflineBanner : notice_;
}

std::string CounterViewModel::waiting_text() const {
  if (queued_.empty()) return "";
  return sales(queued_.size()) + " waiting to sync";
}

std::string CounterViewModel::refused_text() const {
  if (refused_.empty()) return "";
  return sales(refused_.size()) + " could not be recorded: " + refused_.back().reason;
}

std::string CounterViewModel::status_text() const {
  if (!state_) return offline_ ? "Can't reach the server. Retrying." : "Loading the stock.";
  const std::int64_t v = value();
  std::string text = v == 0 ? "Sold out: 0 cameras in stock."
                            : std::to_string(v) + (v == 1 ? " camera" : " cameras") + " in stock.";
  if (offline_)
    text += " Last known count; the server can't be reached.";
  else if (!notice_.empty())
    text += " " + notice_;
  if (!queued_.empty()) text += " " + waiting_text() + ".";
  if (!refused_.empty()) text += " " + refused_text() + ".";
  return text;
}

// ---- the sale queue

Requests CounterViewModel::sync_queue(std::vector<QueuedSale> queued,
                                      std::vector<RefusedSale> refused, double now_ms) {
  queued_ = std::move(queued);
  refused_ = std::move(refused);
  return send_head_if_due(now_ms);
}

Requests CounterViewModel::set_replayer(bool replayer, double now_ms) {
  replayer_ = replayer;
  return send_head_if_due(now_ms);
}

Requests CounterViewModel::send_head_if_due(double now_ms) {
  if (!replayer_ || sending_ || queued_.empty() || offline_ || now_ms < next_sale_ms_) return {};
  return {sale_request()};
}

HttpRequest CounterViewModel::sale_request() {
  sending_ = queued_.front().key;
  return HttpRequest{Call::sell, "POST", api_ + "/decrement", "", {{"Idempotency-Key", *sending_}}};
}

// The server decided the sale under `key`: it leaves the queue, and is remembered as refused
// when it was.
void CounterViewModel::decided(const std::string& key, std::optional<std::string> refusal) {
  const auto it = std::find_if(queued_.begin(), queued_.end(),
                               [&](const QueuedSale& s) { return s.key == key; });
  if (it == queued_.end()) return;
  if (refusal) refused_.push_back(RefusedSale{it->key, it->made_at_ms, std::move(*refusal)});
  queued_.erase(it);
  ++queue_version_;
}

void CounterViewModel::dismiss_refused() {
  if (refused_.empty()) return;
  refused_.clear();
  ++queue_version_;
}

// ---- the reset dialog

void CounterViewModel::set_reset_text(std::string text) {
  reset_text_ = std::move(text);
  reset_target_.reset();
  // Plain digits only, no more than the largest stock has (so no overflow).
  const bool digits = !reset_text_.empty() &&
                      reset_text_.size() <= std::to_string(counter::kMaxStock).size() &&
                      std::all_of(reset_text_.begin(), reset_text_.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    std::int64_t value = 0;
    for (char c : reset_text_) value = value * 10 + (c - '0');
    if (counter::is_valid_stock(value)) reset_target_ = value;
  }
  reset_error_ =
      reset_target_ ? "" : "Enter a stock from 0 to " + std::to_string(counter::kMaxStock) + ".";
}

void CounterViewModel::set_typed_code(std::string code) {
  typed_code_ = std::move(code);
  if (reset_target_) reset_error_.clear();  // a refused code's message; a bad stock's stays
}

bool CounterViewModel::can_confirm_reset() const {
  return reset_open_ && !resetting() && reset_target_.has_value() &&
         (!needs_code() || !typed_code_.empty());
}

// ---- intents

Requests CounterViewModel::start(double now_ms) {
  next_refresh_ms_ = now_ms + kRefreshEveryMs;
  return {refresh_request()};
}

Requests CounterViewModel::sell(double now_ms) {
  if (!can_sell()) return {};  // nothing to sell, or a sale in flight (no double submit)
  notice_.clear();
  queued_.push_back(QueuedSale{env_.new_key(), env_.wall_ms()});
  ++queue_version_;
  return send_head_if_due(now_ms);
}

void CounterViewModel::open_reset() {
  reset_open_ = true;
  reset_error_.clear();
  reset_notice_.clear();
  typed_code_.clear();
  set_reset_text(std::to_string(state_ ? state_->initial : counter::kDefaultInitialStock));
}

void CounterViewModel::cancel_reset() {
  // A reset already sent may still land; the next refresh shows what happened.
  reset_open_ = false;
  reset_key_.reset();
  reset_notice_.clear();
}

Requests CounterViewModel::confirm_reset(double) {
  if (!can_confirm_reset()) {
    if (reset_open_ && needs_code() && typed_code_.empty())
      reset_error_ = "Enter the manager's code.";
    return {};
  }
  reset_key_ = env_.new_key();
  reset_error_.clear();
  reset_notice_.clear();
  notice_.clear();
  return {reset_request()};
}

HttpRequest CounterViewModel::reset_request() {
  reset_in_flight_ = true;
  const std::string& code = needs_code() ? typed_code_ : code_;
  return HttpRequest{Call::reset,
                     "PUT",
                     api_ + "/reset",
                     counter::to_json(counter::ResetRequest{*reset_target_}),
                     {{"Idempotency-Key", *reset_key_}, {"Authorization", "Bearer " + code}}};
}

// ---- the network and the clock

HttpRequest CounterViewModel::refresh_request() {
  refreshing_ = true;
  HttpRequest request{Call::refresh, "GET", api_ + "/counter", "", {}};
  if (!etag_.empty()) request.headers.emplace_back("If-None-Match", etag_);
  return request;
}

void CounterViewModel::accept(const counter::CounterState& state, const std::string& etag) {
  // Answers can overtake each other; never step back to an older version of the same store.
  const bool same_store = !etag_.empty() && store_of(etag) == store_of(etag_);
  if (state_ && same_store && state.version < state_->version) return;
  state_ = state;
  etag_ = etag;
}

void CounterViewModel::went_offline(double now_ms) {
  offline_ = true;
  next_refresh_ms_ = now_ms + retry_delay_ms_;
  retry_delay_ms_ = std::min(retry_delay_ms_ * 2, kMaxRetryMs);
}

void CounterViewModel::came_online(double now_ms) {
  offline_ = false;
  retry_delay_ms_ = kFirstRetryMs;
  next_refresh_ms_ =
      streaming_ ? std::numeric_limits<double>::infinity() : now_ms + kRefreshEveryMs;
}

Requests CounterViewModel::on_stream_open(double now_ms) {
  streaming_ = true;
  stream_deadline_ms_ = now_ms + kStreamSilenceMs;
  if (refreshing_) return {};  // the refresh under way answers for this (re)connect
  return {refresh_request()};
}

void CounterViewModel::on_stream_state(const counter::CounterState& state, double now_ms) {
  streaming_ = true;  // heard from: healthy (again)
  stream_deadline_ms_ = now_ms + kStreamSilenceMs;
  if (!state_ || state.version > state_->version) {
    state_ = state;
    etag_.clear();  // the stream carries no ETag: the next poll asks unconditionally
  }
  came_online(now_ms);
}

void CounterViewModel::on_stream_lost(double now_ms) {
  if (!streaming_) return;
  streaming_ = false;
  if (!refreshing_ && !offline_) next_refresh_ms_ = now_ms + kRefreshEveryMs;
}

Requests CounterViewModel::on_response(Call call, const HttpResponse& response, double now_ms) {
  switch (call) {
    case Call::refresh: {
      refreshing_ = false;
      auto decoded = counter::decode_counter_state(response.body);
      if (const auto* state = std::get_if<counter::CounterState>(&decoded);
          state && response.status == 200) {
        accept(*state, response.etag);
        came_online(now_ms);
      } else if (response.status == 304) {
        came_online(now_ms);
      } else {
        went_offline(now_ms);  // 5xx, no answer, or an answer we cannot read
        return {};
      }
      return send_head_if_due(now_ms);  // back online: the queue goes on
    }
    case Call::sell:
      return on_sale(response, now_ms);
    case Call::reset:
      return on_reset(response, now_ms);
    case Call::sales:
    case Call::recent_changes:
      break;  // the sales panel's (SalesViewModel)
  }
  return {};
}

Requests CounterViewModel::on_sale(const HttpResponse& response, double now_ms) {
  const std::string key = sending_.value_or("");
  sending_.reset();
  auto decoded = counter::decode_counter_state(response.body);
  if (const auto* state = std::get_if<counter::CounterState>(&decoded);
      state && response.status == 200) {
    accept(*state, response.etag);
    came_online(now_ms);
    decided(key, std::nullopt);
    return send_head_if_due(now_ms);
  }
  const auto kind = problem_of(response);
  if (kind == ProblemKind::idempotency_key_in_use) {
    next_sale_ms_ = now_ms + kKeyInUseRetryMs;  // the server is still deciding it
    return {};
  }
  if (kind == ProblemKind::too_many_requests) {
    next_sale_ms_ = now_ms + retry_after_ms(response);
    return {};
  }
  if (is_server_trouble(response)) {
    went_offline(now_ms);  // kept; sent again, with its key, once the server answers
    return {};
  }
  // A definite refusal: the sale leaves the queue and is shown as refused.
  if (kind == ProblemKind::sold_out && state_) state_->value = 0;
  decided(key, kind == ProblemKind::sold_out
                   ? std::string("sold out")
                   : problem_detail(response, "refused (" + std::to_string(response.status) + ")"));
  Requests next = send_head_if_due(now_ms);
  if (!refreshing_) next.insert(next.begin(), refresh_request());  // the exact state
  return next;
}

Requests CounterViewModel::on_reset(const HttpResponse& response, double now_ms) {
  reset_in_flight_ = false;
  auto decoded = counter::decode_counter_state(response.body);
  const auto* state = std::get_if<counter::CounterState>(&decoded);
  if (state && response.status == 200) {
    accept(*state, response.etag);
    came_online(now_ms);
    if (reset_key_) {
      if (needs_code()) code_ = typed_code_;  // it worked: the tab keeps it
      cancel_reset();
    }
    return {};
  }
  if (!reset_key_) return {};  // cancelled meanwhile
  const auto kind = problem_of(response);
  if (kind == ProblemKind::forbidden || kind == ProblemKind::unauthorized) {
    code_.clear();
    typed_code_.clear();
    reset_key_.reset();
    reset_notice_.clear();
    reset_error_ =
        kind == ProblemKind::forbidden ? "Wrong code. Try again." : "Enter the manager's code.";
    return {};
  }
  if (kind == ProblemKind::idempotency_key_in_use || kind == ProblemKind::too_many_requests ||
      is_server_trouble(response)) {
    // Sent again with the same key until the server decides: it cannot apply twice.
    next_reset_ms_ = now_ms + (kind == ProblemKind::idempotency_key_in_use ? kKeyInUseRetryMs
                               : kind == ProblemKind::too_many_requests ? retry_after_ms(response)
                                                                        : retry_delay_ms_);
    reset_notice_ = "The reset could not be confirmed yet. Trying again\xe2\x80\xa6";
    return {};
  }
  reset_key_.reset();
  reset_notice_.clear();
  reset_error_ = problem_detail(response, "The server refused the reset.");
  return {};
}

Requests CounterViewModel::tick(double now_ms) {
  // A stream silent past its heartbeats has lost its publisher: poll (now) until it speaks.
  if (streaming_ && now_ms >= stream_deadline_ms_) {
    streaming_ = false;
    if (!offline_) next_refresh_ms_ = now_ms;
  }
  Requests due;
  if (!refreshing_ && now_ms >= next_refresh_ms_) due.push_back(refresh_request());
  for (auto& sale : send_head_if_due(now_ms)) due.push_back(std::move(sale));
  if (reset_key_ && !reset_in_flight_ && now_ms >= next_reset_ms_) due.push_back(reset_request());
  return due;
}

double CounterViewModel::next_tick_ms() const {
  double next = refreshing_ ? std::numeric_limits<double>::infinity() : next_refresh_ms_;
  if (streaming_) next = std::min(next, stream_deadline_ms_);
  if (replayer_ && !sending_ && !queued_.empty() && !offline_) next = std::min(next, next_sale_ms_);
  if (reset_key_ && !reset_in_flight_) next = std::min(next, next_reset_ms_);
  return next;
}

}  // namespace ui
