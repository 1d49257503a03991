#include "view_model.hpp"

#include <algorithm>

#include "counter/problem.hpp"

namespace ui {

namespace {

const std::string kOfflineBanner =
    "Can't reach the server. Showing the last known count; retrying automatically.";

std::optional<counter::ProblemKind> problem_of(const HttpResponse& response) {
  auto decoded = counter::decode_problem(response.body);
  if (const auto* p = std::get_if<counter::Problem>(&decoded)) return counter::problem_kind(*p);
  return std::nullopt;
}

// No answer, or one that says the server (or the proxy before it) could not help right now.
bool is_server_trouble(const HttpResponse& response) {
  using counter::ProblemKind;
  const auto kind = problem_of(response);
  if (!kind) return response.status == 0 || response.status >= 500;
  return *kind == ProblemKind::internal_error || *kind == ProblemKind::bad_gateway ||
         *kind == ProblemKind::unavailable || *kind == ProblemKind::gateway_timeout;
}

// The part of an ETag that names the store ("<store>-<version>"): a different one means the
// history started afresh, so its versions are not comparable with ours.
std::string store_of(const std::string& etag) {
  return etag.substr(0, etag.rfind('-'));
}

std::string problem_detail(const HttpResponse& response, const std::string& fallback) {
  auto decoded = counter::decode_problem(response.body);
  if (const auto* p = std::get_if<counter::Problem>(&decoded); p && !p->detail.empty())
    return p->detail;
  return fallback;
}

}  // namespace

CounterViewModel::CounterViewModel(std::string api_base) : api_(std::move(api_base)) {}

Phase CounterViewModel::phase() const {
  if (!state_) return offline_ ? Phase::offline : Phase::loading;
  if (offline_) return Phase::offline;
  if (selling_) return Phase::selling;
  if (state_->value == 0) return Phase::sold_out;
  return Phase::ready;
}

bool CounterViewModel::can_sell() const {
  return state_ && !offline_ && !selling_ && state_->value > 0;
}

const std::string& CounterViewModel::banner() const {
  return offline_ ? kOfflineBanner : notice_;
}

std::string CounterViewModel::status_text() const {
  if (!state_) return offline_ ? "Can't reach the server. Retrying." : "Loading the stock.";
  const std::int64_t v = state_->value;
  std::string text = v == 0 ? "Sold out: 0 cameras in stock."
                            : std::to_string(v) + (v == 1 ? " camera" : " cameras") + " in stock.";
  if (offline_)
    text += " Last known count; the server can't be reached.";
  else if (!notice_.empty())
    text += " " + notice_;
  return text;
}

void CounterViewModel::set_reset_target(std::int64_t target) {
  reset_target_ = target;
  reset_error_ = counter::is_valid_stock(target)
                     ? ""
                     : "Enter a stock from 0 to " + std::to_string(counter::kMaxStock) + ".";
}

bool CounterViewModel::can_confirm_reset() const {
  return reset_open_ && !resetting_ && counter::is_valid_stock(reset_target_);
}

HttpRequest CounterViewModel::refresh_request() {
  refreshing_ = true;
  return HttpRequest{Call::refresh, "GET", api_ + "/counter", "", etag_};
}

std::optional<HttpRequest> CounterViewModel::start(double now_ms) {
  next_refresh_ms_ = now_ms + kRefreshEveryMs;
  return refresh_request();
}

std::optional<HttpRequest> CounterViewModel::sell(double) {
  if (!can_sell()) return std::nullopt;  // no double submit, nothing to sell, or offline
  selling_ = true;
  notice_.clear();
  return HttpRequest{Call::sell, "POST", api_ + "/decrement", "", ""};
}

void CounterViewModel::open_reset() {
  reset_open_ = true;
  reset_error_.clear();
  reset_target_ = state_ ? state_->initial : counter::kDefaultInitialStock;
}

void CounterViewModel::cancel_reset() {
  if (!resetting_) reset_open_ = false;
}

std::optional<HttpRequest> CounterViewModel::confirm_reset(double) {
  if (!can_confirm_reset()) return std::nullopt;
  resetting_ = true;
  reset_error_.clear();
  notice_.clear();
  return HttpRequest{Call::reset, "PUT", api_ + "/reset",
                     counter::to_json(counter::ResetRequest{reset_target_}), ""};
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
  next_refresh_ms_ = now_ms + kRefreshEveryMs;
}

std::optional<HttpRequest> CounterViewModel::on_response(Call call, const HttpResponse& response,
                                                         double now_ms) {
  const bool ok = response.status == 200;
  std::optional<counter::CounterState> state;
  if (ok) {
    auto decoded = counter::decode_counter_state(response.body);
    if (auto* s = std::get_if<counter::CounterState>(&decoded)) state = *s;
  }

  switch (call) {
    case Call::refresh:
      refreshing_ = false;
      if (state) {
        accept(*state, response.etag);
        came_online(now_ms);
      } else if (response.status == 304) {
        came_online(now_ms);
      } else {
        went_offline(now_ms);  // 5xx, no answer, or an answer we cannot read
      }
      return std::nullopt;

    case Call::sell:
      selling_ = false;
      if (state) {
        accept(*state, response.etag);
        return std::nullopt;
      }
      if (problem_of(response) == counter::ProblemKind::sold_out && state_) {
        state_->value = 0;  // sold out meanwhile; the refresh brings the exact state
      } else if (response.status == 0) {
        notice_ = "The sale could not be confirmed. Check the count before selling again.";
      } else if (problem_of(response) == counter::ProblemKind::unavailable) {
        notice_ = "The sale was not recorded. Please try again.";
      } else {
        notice_ = "The sale failed: " +
                  problem_detail(response, "unexpected answer " + std::to_string(response.status));
      }
      if (refreshing_) return std::nullopt;
      return refresh_request();

    case Call::reset:
      resetting_ = false;
      if (state) {
        accept(*state, response.etag);
        reset_open_ = false;
        return std::nullopt;
      }
      reset_error_ = is_server_trouble(response)
                         ? "The reset could not be confirmed. Check the count and try again."
                         : problem_detail(response, "The server refused the reset.");
      if (refreshing_) return std::nullopt;
      return refresh_request();
  }
  return std::nullopt;
}

std::optional<HttpRequest> CounterViewModel::tick(double now_ms) {
  if (refreshing_ || now_ms < next_refresh_ms_) return std::nullopt;
  return refresh_request();
}

}  // namespace ui
