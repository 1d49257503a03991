#include "view_model.hpp"

#include <algorithm>
#include <limits>

namespace ui {

namespace {

using counter::ProblemKind;

const std::string kOfflineBanner =
    "Can't reach the server. Sales are kept on this screen and sent when it is back.";
const std::string kNoBanner;

// The requests of `a`, then `b`'s if there is one.
Requests joined(Requests a, std::optional<HttpRequest> b) {
  if (b) a.push_back(std::move(*b));
  return a;
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
    : env_(std::move(environment)),
      connection_(api_base, env_.save_state),
      queue_(api_base, env_.save_queue),
      dialog_(api_base, env_.save_code),
      till_(env_.save_till) {}

// ---- what the card shows

Phase CounterViewModel::phase() const {
  if (connection_.offline()) return Phase::offline;
  if (!has_value()) return Phase::loading;
  if (queue_.waiting() > 0) return Phase::selling;
  if (value() == 0) return Phase::sold_out;
  return Phase::ready;
}

std::optional<std::uint64_t> CounterViewModel::server_version() const {
  const auto& state = connection_.state();
  return state ? std::optional(state->version) : std::nullopt;
}

std::int64_t CounterViewModel::value() const {
  const auto& state = connection_.state();
  if (!state) return 0;
  return std::clamp<std::int64_t>(state->value - queue_.net_sold(), 0, counter::kMaxStock);
}

bool CounterViewModel::can_sell() const {
  // Online, one sale at a time (no double submit); offline, sales queue up to the last known
  // stock.
  return has_value() && value() > 0 && (connection_.offline() || queue_.waiting() == 0);
}

const std::string& CounterViewModel::banner() const {
  return connection_.offline() ? kOfflineBanner : kNoBanner;
}

std::string CounterViewModel::status_text() const {
  const bool offline = connection_.offline();
  if (!has_value()) return offline ? "Can't reach the server. Retrying." : "Loading the stock.";
  const std::int64_t v = value();
  std::string text = v == 0 ? "Sold out: 0 cameras in stock."
                            : std::to_string(v) + (v == 1 ? " camera" : " cameras") + " in stock.";
  if (offline) text += " Last known count; the server can't be reached.";
  if (queue_.waiting() > 0) text += " " + queue_.waiting_text() + ".";
  if (!queue_.refused().empty()) text += " " + queue_.refused_text() + ".";
  return text;
}

std::uint64_t CounterViewModel::revision() const {
  // Each part counts its own changes: their sum moves whenever one of them does.
  return connection_.revision() + queue_.revision() + dialog_.revision() + till_.revision() +
         revision_;
}

// ---- intents

Requests CounterViewModel::start(double now_ms) {
  return {connection_.start(now_ms)};
}

Requests CounterViewModel::sell(double now_ms) {
  if (!can_sell()) return {};  // nothing to sell, or a sale in flight (no double submit)
  const std::string key = env_.new_key();
  queue_.add(QueuedSale{key, env_.wall_ms(), false, "", till_.name()});
  offers_.insert(offers_.begin(), UndoOffer{key, now_ms + kUndoOfferMs});
  ++revision_;
  return send_head_if_due(now_ms);
}

Requests CounterViewModel::undo(const std::string& sale_key, double now_ms) {
  const auto offer = std::find_if(offers_.begin(), offers_.end(),
                                  [&](const UndoOffer& o) { return o.sale_key == sale_key; });
  if (offer == offers_.end()) return {};  // gone meanwhile
  offers_.erase(offer);
  ++revision_;
  queue_.add(QueuedSale{env_.new_key(), env_.wall_ms(), true, sale_key, till_.name()});
  return send_head_if_due(now_ms);
}

void CounterViewModel::open_return() {
  if (return_open_) return;
  return_open_ = true;
  ++revision_;
}

void CounterViewModel::cancel_return() {
  if (!return_open_) return;
  return_open_ = false;
  ++revision_;
}

Requests CounterViewModel::confirm_return(double now_ms) {
  if (!return_open_) return {};
  return_open_ = false;
  ++revision_;
  queue_.add(QueuedSale{env_.new_key(), env_.wall_ms(), true, "", till_.name()});
  return send_head_if_due(now_ms);
}

void CounterViewModel::expire_offers(double now_ms) {
  const auto before = offers_.size();
  std::erase_if(offers_, [&](const UndoOffer& o) { return o.until_ms <= now_ms; });
  if (offers_.size() != before) ++revision_;
}

void CounterViewModel::dismiss_refused() {
  queue_.dismiss_refused();
}

void CounterViewModel::open_reset() {
  const auto& state = connection_.state();
  dialog_.open(state ? state->initial : counter::kDefaultInitialStock);
}

void CounterViewModel::cancel_reset() {
  dialog_.cancel();
}

void CounterViewModel::set_reset_text(std::string text) {
  dialog_.set_text(std::move(text));
}

void CounterViewModel::set_typed_code(std::string code) {
  dialog_.set_typed_code(std::move(code));
}

Requests CounterViewModel::confirm_reset(double) {
  return joined({}, dialog_.confirm(env_.new_key, till_.name()));
}

// ---- the browser's storage

Requests CounterViewModel::sync_queue(std::vector<QueuedSale> queued,
                                      std::vector<RefusedSale> refused, double now_ms) {
  queue_.sync(std::move(queued), std::move(refused));
  return send_head_if_due(now_ms);
}

Requests CounterViewModel::set_replayer(bool replayer, double now_ms) {
  queue_.set_replayer(replayer);
  return send_head_if_due(now_ms);
}

void CounterViewModel::set_manager_code(std::string code) {
  dialog_.set_manager_code(std::move(code));
}

void CounterViewModel::set_last_known(std::optional<counter::CounterState> state) {
  connection_.set_last_known(state);
}

Requests CounterViewModel::send_head_if_due(double now_ms) {
  return joined({}, queue_.send_if_due(now_ms, connection_.offline()));
}

// ---- the live stream

Requests CounterViewModel::on_stream_open(double now_ms) {
  return joined({}, connection_.on_stream_open(now_ms));
}

void CounterViewModel::on_stream_state(const counter::CounterState& state, double now_ms) {
  connection_.on_stream_state(state, now_ms);
}

void CounterViewModel::on_stream_lost(double now_ms) {
  connection_.on_stream_lost(now_ms);
}

// ---- the network and the clock

Requests CounterViewModel::on_response(Call call, const HttpResponse& response, double now_ms) {
  switch (call) {
    case Call::refresh:
      if (!connection_.on_refresh(response, now_ms)) return {};
      return send_head_if_due(now_ms);  // online: the queue goes on
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
  const std::string key = queue_.answered();
  auto decoded = counter::decode_counter_state(response.body);
  if (const auto* state = std::get_if<counter::CounterState>(&decoded);
      state && response.status == 200) {
    connection_.accept(*state, response.etag, now_ms);
    queue_.decided(key, std::nullopt);
    return send_head_if_due(now_ms);
  }
  const auto kind = problem_of(response);
  if (kind == ProblemKind::idempotency_key_in_use) {
    queue_.retry_at(now_ms + kKeyInUseRetryMs);  // the server is still deciding it
    return {};
  }
  if (kind == ProblemKind::too_many_requests) {
    queue_.retry_at(now_ms + retry_after_ms(response));
    return {};
  }
  if (is_server_trouble(response)) {
    connection_.went_offline(now_ms);  // kept; sent again, with its key, once the server answers
    return {};
  }
  // A definite refusal: the sale leaves the queue and is shown as refused; nothing to undo.
  if (kind == ProblemKind::sold_out) connection_.sold_out();
  if (std::erase_if(offers_, [&](const UndoOffer& o) { return o.sale_key == key; })) ++revision_;
  queue_.decided(
      key, kind == ProblemKind::sold_out
               ? std::string("sold out")
               : problem_detail(response, "refused (" + std::to_string(response.status) + ")"));
  Requests next;
  if (auto refresh = connection_.refresh_unless_pending()) next.push_back(*refresh);  // exact
  return joined(std::move(next), queue_.send_if_due(now_ms, connection_.offline()));
}

Requests CounterViewModel::on_reset(const HttpResponse& response, double now_ms) {
  auto decoded = counter::decode_counter_state(response.body);
  if (const auto* state = std::get_if<counter::CounterState>(&decoded);
      state && response.status == 200) {
    connection_.accept(*state, response.etag, now_ms);
    dialog_.succeeded();
  } else {
    dialog_.failed(response, now_ms, connection_.retry_delay_ms());
  }
  return {};
}

Requests CounterViewModel::tick(double now_ms) {
  expire_offers(now_ms);
  Requests due = joined({}, connection_.tick(now_ms));
  due = joined(std::move(due), queue_.send_if_due(now_ms, connection_.offline()));
  return joined(std::move(due), dialog_.tick(now_ms));
}

double CounterViewModel::next_tick_ms() const {
  // The oldest offer is the last: it goes first.
  const double offer =
      offers_.empty() ? std::numeric_limits<double>::infinity() : offers_.back().until_ms;
  return std::min({connection_.next_tick_ms(), queue_.next_tick_ms(connection_.offline()),
                   dialog_.next_tick_ms(), offer});
}

}  // namespace ui
