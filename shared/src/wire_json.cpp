// JSON for the counter's wire types, on RapidJSON. Field checks live in json_fields.hpp, the
// history's JSON in history_json.cpp.
#include "counter/wire.hpp"
#include "json_fields.hpp"

namespace counter {

using json::write_json;
using json::write_string;
using json::Writer;

std::string to_json(const CounterState& state) {
  return write_json([&](Writer& w) {
    w.StartObject();
    w.Key("value");
    w.Int64(state.value);
    w.Key("version");
    w.Uint64(state.version);
    w.Key("initial");
    w.Int64(state.initial);
    w.EndObject();
  });
}

std::string to_json(const ResetRequest& request) {
  return write_json([&](Writer& w) {
    w.StartObject();
    if (request.value) {
      w.Key("value");
      w.Int64(*request.value);
    }
    if (!request.till.empty()) json::write_string(w, "till", request.till);
    w.EndObject();
  });
}

std::string to_json(const SaleRequest& request) {
  return write_json([&](Writer& w) {
    w.StartObject();
    if (!request.till.empty()) json::write_string(w, "till", request.till);
    w.EndObject();
  });
}

std::string to_json(const ReturnRequest& request) {
  return write_json([&](Writer& w) {
    w.StartObject();
    if (!request.till.empty()) json::write_string(w, "till", request.till);
    if (!request.undo.empty()) json::write_string(w, "undo", request.undo);
    w.EndObject();
  });
}

std::string to_json(const Problem& problem) {
  return write_json([&](Writer& w) {
    w.StartObject();
    write_string(w, "type", problem.type);
    write_string(w, "title", problem.title);
    w.Key("status");
    w.Int(problem.status);
    write_string(w, "detail", problem.detail);
    w.EndObject();
  });
}

namespace {

// Reads the optional string `key` into `out`, checked by `valid` (which `what` describes).
std::optional<DecodeError> read_checked_string(const rapidjson::Value& doc, const char* key,
                                               bool (*valid)(std::string_view), const char* what,
                                               std::string& out) {
  if (!doc.HasMember(key)) return std::nullopt;
  auto text = json::read_string(doc, key);
  if (auto* error = std::get_if<DecodeError>(&text)) return *error;
  out = std::get<std::string>(std::move(text));
  if (!valid(out))
    return DecodeError{DecodeFailure::out_of_range, std::string("`") + key + "` " + what};
  return std::nullopt;
}

std::optional<DecodeError> read_till(const rapidjson::Value& doc, std::string& till) {
  return read_checked_string(doc, "till", is_till_name,
                             "must be 1 to 40 characters, none of them a control character", till);
}

}  // namespace

bool is_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) return false;
  for (const char c : key)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

Decoded<ResetRequest> decode_reset_request(std::string_view body) {
  if (json::is_blank(body)) return ResetRequest{};
  rapidjson::Document doc;
  if (auto error = json::parse_strict_object(body, doc, {"value", "till"})) return *error;
  ResetRequest request;
  if (doc.HasMember("value")) {
    auto value = json::read_integer(doc, "value", 0, kMaxStock);
    if (auto* error = std::get_if<DecodeError>(&value)) return *error;
    request.value = std::get<std::int64_t>(value);
  }
  if (auto error = read_till(doc, request.till)) return *error;
  return request;
}

Decoded<SaleRequest> decode_sale_request(std::string_view body) {
  if (json::is_blank(body)) return SaleRequest{};
  rapidjson::Document doc;
  if (auto error = json::parse_strict_object(body, doc, {"till"})) return *error;
  SaleRequest request;
  if (auto error = read_till(doc, request.till)) return *error;
  return request;
}

Decoded<ReturnRequest> decode_return_request(std::string_view body) {
  if (json::is_blank(body)) return ReturnRequest{};
  rapidjson::Document doc;
  if (auto error = json::parse_strict_object(body, doc, {"till", "undo"})) return *error;
  ReturnRequest request;
  if (auto error = read_till(doc, request.till)) return *error;
  if (auto error = read_checked_string(doc, "undo", is_idempotency_key,
                                       "must be a sale's Idempotency-Key: 1 to 255 printable "
                                       "ASCII characters",
                                       request.undo))
    return *error;
  return request;
}

Decoded<CounterState> decode_counter_state(std::string_view body) {
  rapidjson::Document doc;
  if (auto error = json::parse_object(body, doc)) return *error;
  auto value = json::read_integer(doc, "value", 0, kMaxStock);
  auto version = json::read_integer(doc, "version", 0, static_cast<std::int64_t>(kMaxVersion));
  auto initial = json::read_integer(doc, "initial", 0, kMaxStock);
  for (auto* field : {&value, &version, &initial})
    if (auto* error = std::get_if<DecodeError>(field)) return *error;
  return CounterState{std::get<std::int64_t>(value),
                      static_cast<std::uint64_t>(std::get<std::int64_t>(version)),
                      std::get<std::int64_t>(initial)};
}

Decoded<Problem> decode_problem(std::string_view body) {
  rapidjson::Document doc;
  if (auto error = json::parse_object(body, doc)) return *error;
  auto status = json::read_integer(doc, "status", 100, 599);
  if (auto* error = std::get_if<DecodeError>(&status)) return *error;
  Problem problem;
  problem.status = static_cast<int>(std::get<std::int64_t>(status));
  for (auto [key, out] : {std::pair{"type", &problem.type}, std::pair{"title", &problem.title},
                          std::pair{"detail", &problem.detail}}) {
    auto text = json::read_string(doc, key);
    if (auto* error = std::get_if<DecodeError>(&text)) return *error;
    *out = std::get<std::string>(text);
  }
  return problem;
}

}  // namespace counter
