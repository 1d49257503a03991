#include "postgres_feed.hpp"

#include <rapidjson/document.h>

#include "counter/wire.hpp"

#include <cstdio>

#include "postgres_store.hpp"

namespace counterd {

namespace {

using namespace std::chrono_literals;

// The two-key form keeps these locks apart from the schema's one-key lock.
constexpr const char* kTryKey = "SELECT pg_try_advisory_lock(1128353091, hashtext($1))";
constexpr auto kPoll = 250ms;  // how soon a stop is noticed while following

struct Committed {
  counter::Stock state;
  std::vector<counter::RecordedChange> changes;
};

// A NOTIFY payload: {"version": 4, "value": 996, "changes": [...]} (changes when few).
std::optional<Committed> parse_state(const std::string& payload) {
  rapidjson::Document json;
  json.Parse(payload.c_str(), payload.size());
  if (json.HasParseError() || !json.IsObject() || !json.HasMember("version") ||
      !json.HasMember("value") || !json["version"].IsUint64() || !json["value"].IsInt64())
    return std::nullopt;
  Committed committed{{json["value"].GetInt64(), json["version"].GetUint64()}, {}};
  if (json.HasMember("changes")) {
    auto changes = counter::decode_changes(payload);
    if (auto* list = std::get_if<std::vector<counter::RecordedChange>>(&changes))
      committed.changes = std::move(*list);
  }
  return committed;
}

}  // namespace

PostgresCommitFeed::PostgresCommitFeed(std::string url, std::string key,
                                       std::function<counter::Stock()> read_current,
                                       CommitFeedHandlers handlers)
    : db_(std::move(url)),
      key_(std::move(key)),
      read_current_(std::move(read_current)),
      handlers_(std::move(handlers)),
      thread_([this] { run(); }) {}

bool PostgresCommitFeed::pause(std::chrono::milliseconds time) {
  std::unique_lock lock(thread_.mutex());
  return thread_.pause(lock, time);
}

void PostgresCommitFeed::run() {
  do {
    try {
      if (!take_over()) continue;
    } catch (const StoreError&) {
      continue;  // the database is away: try again after the pause
    }
    handlers_.on_following(true);
    try {
      follow();
    } catch (const StoreError& e) {
      std::fprintf(stderr, "counterd: stopped following the commit feed: %s\n", e.what());
    }
    handlers_.on_following(false);
  } while (pause(std::chrono::milliseconds(kTakeOverMs)));
}

bool PostgresCommitFeed::take_over() {
  PgResult held = db_.run_again_if_lost(kTryKey, {key_});
  return cell(held.get(), 0, 0) == "t";
}

void PostgresCommitFeed::follow() {
  db_.run((std::string("LISTEN ") + kNotifyChannel).c_str());
  handlers_.on_state(read_current_(), {});  // after LISTEN: no commit falls between the two
  while (!thread_.stopping()) {
    for (const auto& payload : db_.notifications(kPoll))
      if (const auto committed = parse_state(payload))
        handlers_.on_state(committed->state, committed->changes);
  }  // the key is let go with the session, when db_ closes
}

}  // namespace counterd
