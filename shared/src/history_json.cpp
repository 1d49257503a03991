// JSON for the history: GET /changes and GET /sales.
#include <tuple>
#include "counter/wire.hpp"

#include "json_fields.hpp"

namespace counter {

namespace {

using json::Writer;

constexpr std::int64_t kMaxMs = static_cast<std::int64_t>(kMaxVersion);  // 2^53 - 1
constexpr std::int64_t kMaxCount = static_cast<std::int64_t>(kMaxVersion);

template <class T, class Read>
Decoded<std::vector<T>> read_each(const rapidjson::Value& object, const char* key, Read&& read) {
  auto array = json::read_array(object, key);
  if (auto* error = std::get_if<DecodeError>(&array)) return *error;
  std::vector<T> items;
  for (const auto& element : std::get<const rapidjson::Value*>(array)->GetArray()) {
    if (!element.IsObject())
      return DecodeError{DecodeFailure::malformed, std::string("`") + key + "` holds a non-object"};
    auto item = read(element);
    if (auto* error = std::get_if<DecodeError>(&item)) return *error;
    items.push_back(std::get<T>(std::move(item)));
  }
  return items;
}

// Reads the whole numbers named in `fields` into their targets, or says which one is wrong.
std::optional<DecodeError> read_integers(
    const rapidjson::Value& object,
    std::initializer_list<std::tuple<const char*, std::int64_t*, std::int64_t, std::int64_t>>
        fields) {
  for (auto [key, out, min, max] : fields) {
    auto n = json::read_integer(object, key, min, max);
    if (auto* error = std::get_if<DecodeError>(&n)) return *error;
    *out = std::get<std::int64_t>(n);
  }
  return std::nullopt;
}

// "changes": [...], as GET /changes and the live channel send them.
void write_changes(Writer& w, const std::vector<RecordedChange>& changes) {
  w.Key("changes");
  w.StartArray();
  for (const auto& [at_ms, c, till, undoes] : changes) {
    w.StartObject();
    w.Key("at_ms");
    w.Int64(at_ms);
    json::write_string(w, "kind", to_string(c.kind));
    w.Key("delta");
    w.Int64(c.delta);
    w.Key("value");
    w.Int64(c.result.value);
    w.Key("version");
    w.Uint64(c.result.version);
    if (!till.empty()) json::write_string(w, "till", till);
    if (undoes) {
      w.Key("undoes");
      w.Uint64(*undoes);
    }
    w.EndObject();
  }
  w.EndArray();
}

Decoded<RecordedChange> read_change(const rapidjson::Value& item) {
  RecordedChange c{};
  std::int64_t version = 0;
  if (auto error = read_integers(item, {{"at_ms", &c.at_ms, 0, kMaxMs},
                                        {"delta", &c.change.delta, -kMaxStock, kMaxStock},
                                        {"value", &c.change.result.value, 0, kMaxStock},
                                        {"version", &version, 1, kMaxMs}}))
    return *error;
  c.change.result.version = static_cast<std::uint64_t>(version);
  auto kind = json::read_string(item, "kind");
  if (auto* error = std::get_if<DecodeError>(&kind)) return *error;
  const auto named = change_kind_named(std::get<std::string>(kind));
  if (!named)
    return DecodeError{DecodeFailure::malformed, "`kind` must be decrement, reset or return"};
  c.change.kind = *named;
  auto till = json::read_string(item, "till");
  if (auto* error = std::get_if<DecodeError>(&till)) return *error;
  c.till = std::get<std::string>(std::move(till));
  if (item.HasMember("undoes")) {
    auto undoes = json::read_integer(item, "undoes", 1, kMaxMs);
    if (auto* error = std::get_if<DecodeError>(&undoes)) return *error;
    c.undoes = static_cast<std::uint64_t>(std::get<std::int64_t>(undoes));
  }
  return c;
}

}  // namespace

std::string to_json(const std::vector<RecordedChange>& changes) {
  return json::write_json([&](Writer& w) {
    w.StartObject();
    write_changes(w, changes);
    w.EndObject();
  });
}

std::string to_json(const LiveState& live) {
  return json::write_json([&](Writer& w) {
    w.StartObject();
    w.Key("value");
    w.Int64(live.state.value);
    w.Key("version");
    w.Uint64(live.state.version);
    w.Key("initial");
    w.Int64(live.state.initial);
    if (!live.changes.empty()) write_changes(w, live.changes);
    w.EndObject();
  });
}

std::string to_json(const SalesReport& report) {
  return json::write_json([&](Writer& w) {
    w.StartObject();
    json::write_string(w, "bucket", to_string(report.query.bucket));
    w.Key("since");
    w.Int64(report.query.since_ms);
    w.Key("until");
    w.Int64(report.query.until_ms);
    if (report.query.tz.empty()) {
      w.Key("tz_offset_min");
      w.Int(report.query.tz_offset_min);
    } else {
      json::write_string(w, "tz", report.query.tz);
    }
    w.Key("sales");
    w.Int64(report.sales);
    w.Key("resets");
    w.Int64(report.resets);
    w.Key("returns");
    w.Int64(report.returns);
    w.Key("buckets");
    w.StartArray();
    for (const auto& b : report.buckets) {
      w.StartObject();
      w.Key("start");
      w.Int64(b.start_ms);
      w.Key("sales");
      w.Int64(b.sales);
      w.Key("resets");
      w.Int64(b.resets);
      w.Key("returns");
      w.Int64(b.returns);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
}

Decoded<std::vector<RecordedChange>> decode_changes(std::string_view body) {
  rapidjson::Document doc;
  if (auto error = json::parse_object(body, doc)) return *error;
  return read_each<RecordedChange>(doc, "changes", read_change);
}

Decoded<LiveState> decode_live_state(std::string_view body) {
  auto state = decode_counter_state(body);
  if (auto* error = std::get_if<DecodeError>(&state)) return *error;
  LiveState live{std::get<CounterState>(state), {}};
  rapidjson::Document doc;
  if (auto error = json::parse_object(body, doc)) return *error;
  if (!doc.HasMember("changes")) return live;
  auto changes = read_each<RecordedChange>(doc, "changes", read_change);
  if (auto* error = std::get_if<DecodeError>(&changes)) return *error;
  live.changes = std::get<std::vector<RecordedChange>>(std::move(changes));
  return live;
}

Decoded<SalesReport> decode_sales_report(std::string_view body) {
  rapidjson::Document doc;
  if (auto error = json::parse_object(body, doc)) return *error;
  SalesReport report;
  auto bucket = json::read_string(doc, "bucket");
  if (auto* error = std::get_if<DecodeError>(&bucket)) return *error;
  const auto kind = bucket_from(std::get<std::string>(bucket));
  if (!kind) return DecodeError{DecodeFailure::malformed, "`bucket` must be hour or day"};
  report.query.bucket = *kind;
  if (auto error = read_integers(doc, {{"since", &report.query.since_ms, 0, kMaxMs},
                                       {"until", &report.query.until_ms, 0, kMaxMs},
                                       {"sales", &report.sales, 0, kMaxCount},
                                       {"resets", &report.resets, 0, kMaxCount},
                                       {"returns", &report.returns, 0, kMaxCount}}))
    return *error;
  // A report on a named zone carries its name; one on a fixed clock, its offset.
  auto tz = json::read_string(doc, "tz");
  if (auto* error = std::get_if<DecodeError>(&tz)) return *error;
  report.query.tz = std::get<std::string>(std::move(tz));
  if (report.query.tz.empty()) {
    std::int64_t offset = 0;
    if (auto error =
            read_integers(doc, {{"tz_offset_min", &offset, -kMaxTzOffsetMin, kMaxTzOffsetMin}}))
      return *error;
    report.query.tz_offset_min = static_cast<int>(offset);
  }
  auto buckets = read_each<SalesBucket>(
      doc, "buckets", [](const rapidjson::Value& item) -> Decoded<SalesBucket> {
        SalesBucket b;
        if (auto error = read_integers(item, {{"start", &b.start_ms, -kDayMs, kMaxMs},
                                              {"sales", &b.sales, 0, kMaxCount},
                                              {"resets", &b.resets, 0, kMaxCount},
                                              {"returns", &b.returns, 0, kMaxCount}}))
          return *error;
        return b;
      });
  if (auto* error = std::get_if<DecodeError>(&buckets)) return *error;
  report.buckets = std::get<std::vector<SalesBucket>>(std::move(buckets));
  return report;
}

}  // namespace counter
