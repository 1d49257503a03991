// The API's wire types and their JSON, shared by the server and the browser UI.
//
// Encoders always succeed. Decoders never throw: they return the value or a DecodeError whose
// `detail` names the offending field, ready to be shown to an API client as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "counter/sales.hpp"
#include "counter/stock.hpp"

namespace counter {

// GET /counter, and the answer to every successful change.
struct CounterState {
  std::int64_t value = 0;     // cameras in stock (the original API's only field)
  std::uint64_t version = 0;  // increases with every change; equal versions mean equal states
  std::int64_t initial = 0;   // what a reset without a value restocks to

  friend bool operator==(const CounterState&, const CounterState&) = default;
};

// GET /api/events (Server-Sent Events): each event's data is a LiveState. While nothing
// changes, the newest state comes again every kLiveHeartbeatMs, so a stream silent for longer
// has lost its publisher.
inline constexpr int kLiveHeartbeatMs = 2000;

// A live event: the state, and the changes that led to it from the state published before it,
// when there are at most kMaxLiveChanges and the publisher knows them all (none on a heartbeat,
// after nginx lost the channel, or after a commit of more than kMaxLiveChanges). A screen that
// holds the state before the first of them follows the history from them without reading it.
inline constexpr std::size_t kMaxLiveChanges = 20;
struct LiveState {
  CounterState state;
  std::vector<RecordedChange> changes;  // oldest first

  friend bool operator==(const LiveState&, const LiveState&) = default;
};

// PUT /reset body; an empty body means "restock to the initial value". Every change may name
// the till it came from (is_till_name); empty: none.
struct ResetRequest {
  std::optional<std::int64_t> value;
  std::string till = {};

  friend bool operator==(const ResetRequest&, const ResetRequest&) = default;
};

// POST /decrement body: empty, {} or {"till": "Front desk"}.
struct SaleRequest {
  std::string till = {};

  friend bool operator==(const SaleRequest&, const SaleRequest&) = default;
};

// Idempotency keys: 1 to 255 printable ASCII characters.
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
bool is_idempotency_key(std::string_view key);

// POST /return body: a sale's, and `undo`: the Idempotency-Key of the sale it reverses (then
// it is an undo, refused when that sale is not recorded, already undone or too old).
struct ReturnRequest {
  std::string till = {};
  std::string undo = {};  // empty: a customer's return

  friend bool operator==(const ReturnRequest&, const ReturnRequest&) = default;
};

// RFC 9457 problem details, the one error shape of the API.
struct Problem {
  std::string type;
  std::string title;
  int status = 0;
  std::string detail;

  friend bool operator==(const Problem&, const Problem&) = default;
};

enum class DecodeFailure {
  malformed,     // not JSON, wrong shape or type, unknown or duplicate field: HTTP 400
  out_of_range,  // well-formed, but a number outside what the field allows: HTTP 422
};

struct DecodeError {
  DecodeFailure failure;
  std::string detail;
};

template <class T>
using Decoded = std::variant<T, DecodeError>;

std::string to_json(const CounterState& state);
std::string to_json(const ResetRequest& request);
std::string to_json(const SaleRequest& request);
std::string to_json(const ReturnRequest& request);
std::string to_json(const Problem& problem);
std::string to_json(const std::vector<RecordedChange>& changes);  // GET /changes: {"changes":[...]}
std::string to_json(const SalesReport& report);                   // GET /sales
std::string to_json(const LiveState& live);                       // a live event's data

// Requests are strict: unknown fields are refused so that typos do not pass silently.
// An empty body is the same as {}.
Decoded<ResetRequest> decode_reset_request(std::string_view body);
Decoded<SaleRequest> decode_sale_request(std::string_view body);
Decoded<ReturnRequest> decode_return_request(std::string_view body);

// Responses are lenient about unknown fields, so that older UIs keep working with newer servers.
Decoded<CounterState> decode_counter_state(std::string_view body);
Decoded<Problem> decode_problem(std::string_view body);
Decoded<std::vector<RecordedChange>> decode_changes(std::string_view body);
Decoded<SalesReport> decode_sales_report(std::string_view body);
Decoded<LiveState> decode_live_state(std::string_view body);

}  // namespace counter
