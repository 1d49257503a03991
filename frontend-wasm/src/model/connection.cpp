#include "model/connection.hpp"

#include <algorithm>
#include <limits>

namespace ui {

namespace {

// The part of an ETag that names the store ("<store>-<version>"): a different one means the
// history started afresh, so its versions are not comparable with ours.
std::string store_of(const std::string& etag) {
  return etag.substr(0, etag.rfind('-'));
}

}  // namespace

Connection::Connection(std::string api_base, SaveState save_state)
    : api_(std::move(api_base)), save_state_(std::move(save_state)) {}

HttpRequest Connection::start(double now_ms) {
  refresh_.not_before(now_ms + kRefreshEveryMs);
  return refresh_request();
}

HttpRequest Connection::refresh_request() {
  refresh_.sent();
  HttpRequest request{Call::refresh, "GET", api_ + "/counter", "", {}};
  if (!etag_.empty()) request.headers.emplace_back("If-None-Match", etag_);
  return request;
}

std::optional<HttpRequest> Connection::refresh_unless_pending() {
  if (refresh_.in_flight()) return std::nullopt;
  return refresh_request();
}

bool Connection::on_refresh(const HttpResponse& response, double now_ms) {
  refresh_.answered();
  auto decoded = counter::decode_counter_state(response.body);
  const auto* state = std::get_if<counter::CounterState>(&decoded);
  if (state && response.status == 200) {
    accept(*state, response.etag, now_ms);
    return true;
  }
  if (response.status == 304) {
    came_online(now_ms);
    return true;
  }
  went_offline(now_ms);  // 5xx, no answer, or an answer we cannot read
  return false;
}

void Connection::accept(const counter::CounterState& state, const std::string& etag,
                        double now_ms) {
  // Answers can overtake each other; never step back to an older version of the same store.
  const bool same_store = !etag_.empty() && store_of(etag) == store_of(etag_);
  if (!state_ || !same_store || state.version >= state_->version) set_state(state, etag);
  came_online(now_ms);
}

void Connection::set_state(const counter::CounterState& state, std::string etag) {
  etag_ = std::move(etag);
  if (state_ == state) return;
  state_ = state;
  ++revision_;
  save_state_(state);
}

void Connection::set_offline(bool offline) {
  if (offline_ != offline) ++revision_;
  offline_ = offline;
}

void Connection::sold_out() {
  if (!state_ || state_->value == 0) return;
  counter::CounterState none_left = *state_;
  none_left.value = 0;
  set_state(none_left, etag_);
}

void Connection::went_offline(double now_ms) {
  if (!state_ && last_known_) {
    state_ = last_known_;
    ++revision_;
  }
  set_offline(true);
  refresh_.not_before(now_ms + retry_delay_ms_);
  retry_delay_ms_ = std::min(retry_delay_ms_ * 2, kMaxRetryMs);
}

void Connection::came_online(double now_ms) {
  set_offline(false);
  retry_delay_ms_ = kFirstRetryMs;
  refresh_.not_before(streaming_ ? std::numeric_limits<double>::infinity()
                                 : now_ms + kRefreshEveryMs);
}

std::optional<HttpRequest> Connection::on_stream_open(double now_ms) {
  streaming_ = true;
  stream_deadline_ms_ = now_ms + kStreamSilenceMs;
  return refresh_unless_pending();  // a refresh under way answers for this (re)connect
}

void Connection::on_stream_state(const counter::CounterState& state, double now_ms) {
  streaming_ = true;  // heard from: healthy (again)
  stream_deadline_ms_ = now_ms + kStreamSilenceMs;
  // The stream carries no ETag: the next poll asks unconditionally.
  if (!state_ || state.version > state_->version) set_state(state, "");
  came_online(now_ms);
}

void Connection::on_stream_lost(double now_ms) {
  if (!streaming_) return;
  streaming_ = false;
  if (!refresh_.in_flight() && !offline_) refresh_.not_before(now_ms + kRefreshEveryMs);
}

std::optional<HttpRequest> Connection::tick(double now_ms) {
  // A stream silent past its heartbeats has lost its publisher: poll (now) until it speaks.
  if (streaming_ && now_ms >= stream_deadline_ms_) {
    streaming_ = false;
    if (!offline_) refresh_.not_before(now_ms);
  }
  if (!refresh_.due(now_ms)) return std::nullopt;
  return refresh_request();
}

double Connection::next_tick_ms() const {
  const double refresh = refresh_.due_at();
  return streaming_ ? std::min(refresh, stream_deadline_ms_) : refresh;
}

}  // namespace ui
