// What the card shows and what it asks of the API, without ImGui, the DOM or the network.
//
// The card's model composes three parts with one job each: the Connection (the server's
// state, the poll and the live stream), the SaleQueue (sales not yet decided, kept in the
// browser's storage) and the ResetDialog. It is driven by four inputs: the user's intents
// (sell, reset, dismiss), the API's answers, the clock, and the browser's storage (other tabs).
// It answers with the requests to send; the caller sends them and reports back. Time, keys and
// storage are passed in, so tests drive it without waiting.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "counter/wire.hpp"
#include "model/connection.hpp"
#include "model/http_call.hpp"
#include "model/reset_dialog.hpp"
#include "model/sale_queue.hpp"
#include "model/till_name.hpp"

namespace ui {

// What the view-model needs from its surroundings besides time.
struct Environment {
  std::function<std::string()> new_key;  // a fresh, unguessable idempotency key
  std::function<double()> wall_ms;       // Unix time in milliseconds
  SaleQueue::Save save_queue;            // the browser's storage, for all tabs
  ResetDialog::SaveCode save_code;
  Connection::SaveState save_state;  // the newest state, for a start without a network
  TillName::Save save_till;
};

// After each sale made on this screen: an offer to undo it, for a while (newest first).
struct UndoOffer {
  std::string sale_key;
  double until_ms;  // on the card's clock
  friend bool operator==(const UndoOffer&, const UndoOffer&) = default;
};

// One word for the card's overall state (also published to the DOM for tests and styling).
enum class Phase { loading, ready, selling, sold_out, offline };
// "loading", "ready", "selling", "sold-out", "offline" (the page's data-phase).
const char* phase_name(Phase phase);

class CounterViewModel {
 public:
  CounterViewModel(std::string api_base, Environment environment);

  // ---- what the card shows
  Phase phase() const;
  bool has_value() const { return connection_.state().has_value(); }
  // The version of the server's state this screen knows (changes with every change anywhere).
  std::optional<std::uint64_t> server_version() const;
  // The stock as this screen expects it: the server's value less the sales still queued.
  std::int64_t value() const;
  bool stale() const { return connection_.offline() && has_value(); }  // shown, maybe outdated
  bool selling() const { return phase() == Phase::selling; }
  bool can_sell() const;
  const std::string& banner() const;  // a message above the actions (offline), or empty
  std::string status_text() const;    // one sentence for screen readers
  const SaleQueue& queue() const { return queue_; }
  const ResetDialog& dialog() const { return dialog_; }
  const TillName& till() const { return till_; }
  TillName& till() { return till_; }  // its dialog's intents, and what the browser kept
  const std::vector<UndoOffer>& undo_offers() const { return offers_; }
  bool return_open() const { return return_open_; }  // the customer's return, to confirm
  bool streaming() const { return connection_.streaming(); }
  double retry_delay_ms() const { return connection_.retry_delay_ms(); }
  // Changes whenever anything the card shows does: the caller redraws when it has.
  std::uint64_t revision() const;

  // ---- intents; each returns the requests to send
  Requests start(double now_ms);
  Requests sell(double now_ms);
  // Undoes the sale under `sale_key` (one of undo_offers()): a return queued behind it.
  Requests undo(const std::string& sale_key, double now_ms);
  void open_return();
  void cancel_return();
  Requests confirm_return(double now_ms);  // a customer's return: one back
  void dismiss_refused();
  void open_reset();
  void cancel_reset();
  void set_reset_text(std::string text);
  void set_typed_code(std::string code);
  Requests confirm_reset(double now_ms);

  // ---- the browser's storage
  Requests sync_queue(std::vector<QueuedSale> queued, std::vector<RefusedSale> refused,
                      double now_ms);
  // This tab now holds (or does not hold) the replayer role: only the replayer sends sales.
  Requests set_replayer(bool replayer, double now_ms);
  void set_manager_code(std::string code);
  // The state this browser saved last, if any (see Connection::set_last_known).
  void set_last_known(std::optional<counter::CounterState> state);

  // ---- the live stream; polling is the fallback while it is not healthy
  Requests on_stream_open(double now_ms);
  void on_stream_state(const counter::CounterState& state, double now_ms);
  void on_stream_lost(double now_ms);

  // ---- inputs from the network and the clock
  // Reports the answer to `call`; returns the follow-up requests due at once.
  Requests on_response(Call call, const HttpResponse& response, double now_ms);
  // Returns what is due (a refresh, a retry); call again at next_tick_ms() (infinity: when an
  // answer comes).
  Requests tick(double now_ms);
  double next_tick_ms() const;

 private:
  static constexpr double kUndoOfferMs = 10'000;

  Requests send_head_if_due(double now_ms);
  void expire_offers(double now_ms);
  Requests on_sale(const HttpResponse& response, double now_ms);
  Requests on_reset(const HttpResponse& response, double now_ms);

  Environment env_;
  Connection connection_;
  SaleQueue queue_;
  ResetDialog dialog_;
  TillName till_;
  std::vector<UndoOffer> offers_;
  bool return_open_ = false;
  std::uint64_t revision_ = 0;  // of the offers and the return's dialog
};

}  // namespace ui
