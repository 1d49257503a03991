// What the page keeps in the browser between loads, and which tab sends the sales.
//
// The sale queue lives in localStorage, one entry per sale ("camera-counter/queued/<key>",
// "camera-counter/refused/<key>"), so tabs that add and remove sales at once never overwrite
// each other's. The manager's code lives in sessionStorage: it is forgotten with the tab. The
// replayer role is a Web Lock: one tab of the origin holds it, and the next one takes over when
// that tab closes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/view_model.hpp"

namespace ui::storage {

struct SavedQueue {
  std::vector<QueuedSale> queued;
  std::vector<RefusedSale> refused;
};

SavedQueue load_queue();
// Writes what changed since the last load or save: entries this tab added or removed.
void save_queue(const std::vector<QueuedSale>& queued, const std::vector<RefusedSale>& refused);
// Calls `on_change` when another tab changes the queue.
void watch_queue(std::function<void()> on_change);

// Calls `on_role(true)` when this tab becomes the replayer. Where the browser has no Web Locks
// (a page served over plain http to another machine), every tab is one: the Idempotency-Key
// keeps a sale sent by two tabs a single sale.
void claim_replayer(std::function<void(bool)> on_role);

std::string load_manager_code();
void save_manager_code(const std::string& code);

// The newest state this browser has seen, in localStorage: what a till opened without a network
// shows (see Connection::set_last_known).
std::optional<counter::CounterState> load_last_state();
void save_last_state(const counter::CounterState& state);

// 128 random bits from crypto.getRandomValues, as 32 hex digits.
// The till's name: nothing when this browser was never asked, "" when none was given.
std::optional<std::string> load_till();
void save_till(const std::string& till);

std::string new_key();

}  // namespace ui::storage
