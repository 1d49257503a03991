// The PostgreSQL store's commit feed: every writer's commits in commit order, followed by one
// process per key at a time, taken over when that one goes. Each store below is its own
// session, as each replica's would be.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "counter/wire.hpp"
#include "postgres/replicas.hpp"
#include "store/postgres_feed.hpp"
#include "store/postgres_store.hpp"
#include "support/wait.hpp"

using namespace testsupport;

namespace {

constexpr std::int64_t kInitial = 1000;

// What a feed's handlers saw; read by the test's thread, written by the feed's.
struct Seen {
  std::mutex mutex;
  bool following = false;
  int turns = 0;  // times it started following
  std::vector<counter::Stock> states;
  std::vector<counter::RecordedChange> changes;  // that came with them

  counterd::CommitFeedHandlers handlers() {
    return {[this](bool now) {
              std::lock_guard lock(mutex);
              following = now;
              turns += now ? 1 : 0;
            },
            [this](const counter::Stock& s, const std::vector<counter::RecordedChange>& c) {
              std::lock_guard lock(mutex);
              states.push_back(s);
              changes.insert(changes.end(), c.begin(), c.end());
            }};
  }
  bool is_following() {
    std::lock_guard lock(mutex);
    return following;
  }
  std::vector<counter::Stock> copy() {
    std::lock_guard lock(mutex);
    return states;
  }
  std::vector<counter::RecordedChange> copy_changes() {
    std::lock_guard lock(mutex);
    return changes;
  }
};

std::string fresh_url(const std::string& name = fresh_database_name()) {
  return database_url(fixture_conninfo(), name);
}

void sell(counterd::Store& store, int n) {
  store.transact(kInitial, [n](counterd::StoreTransaction& tx) {
    counter::Stock s = tx.stock();
    for (int i = 0; i < n; ++i) {
      s = {s.value - 1, s.version + 1};
      tx.record({1000, {counter::ChangeKind::decrement, -1, s}});
    }
  });
}

// Long enough for a process that does not follow to have tried to take over twice.
void let_the_others_try() {
  std::this_thread::sleep_for(std::chrono::milliseconds(2 * counterd::kTakeOverMs + 500));
}

}  // namespace

TEST_CASE("the commit feed starts from the current state, then gives every commit in order") {
  const std::string url = fresh_url();
  counterd::PostgresStore writer(url), follower(url);
  sell(writer, 3);
  Seen seen;
  const auto feed = follower.follow_commits("k", kInitial, seen.handlers());
  REQUIRE(feed);
  REQUIRE(wait_until([&] { return !seen.copy().empty(); }));
  for (int batch = 1; batch <= 5; ++batch) sell(writer, batch);  // 15 changes in 5 commits
  REQUIRE(wait_until([&] { return seen.copy().back().version == 18; }));
  const auto states = seen.copy();
  REQUIRE(states.size() == 6);  // the current state, then one per commit
  CHECK(states[0].version == 3);
  const std::vector<std::uint64_t> versions{3, 4, 6, 9, 13, 18};
  for (std::size_t i = 0; i < states.size(); ++i) {
    CHECK(states[i].version == versions[i]);
    CHECK(states[i].value == kInitial - static_cast<std::int64_t>(versions[i]));
  }
  // Each commit named its changes too (the live channel's relay sends them on): every one of
  // the 15, in order.
  const auto changes = seen.copy_changes();
  REQUIRE(changes.size() == 15);
  for (std::size_t i = 0; i < changes.size(); ++i) CHECK(changes[i].change.result.version == 4 + i);
}

TEST_CASE("a commit of more changes than a live event carries names none in its notice") {
  const std::string url = fresh_url();
  counterd::PostgresStore writer(url), follower(url);
  Seen seen;
  const auto feed = follower.follow_commits("k", kInitial, seen.handlers());
  REQUIRE(wait_until([&] { return !seen.copy().empty(); }));
  sell(writer, static_cast<int>(counter::kMaxLiveChanges) + 1);
  sell(writer, 2);
  REQUIRE(wait_until([&] { return seen.copy().back().version == counter::kMaxLiveChanges + 3; }));
  const auto changes = seen.copy_changes();
  REQUIRE(changes.size() == 2);  // only the small commit's
  CHECK(changes[0].change.result.version == counter::kMaxLiveChanges + 2);
}

TEST_CASE("one process per key follows the commit feed; another takes over when it goes") {
  const std::string url = fresh_url();
  counterd::PostgresStore a(url), b(url), c(url);
  Seen first, second, elsewhere;
  auto first_feed = a.follow_commits("nginx-1", kInitial, first.handlers());
  REQUIRE(wait_until([&] { return first.is_following(); }));
  const auto second_feed = b.follow_commits("nginx-1", kInitial, second.handlers());
  const auto other_feed = c.follow_commits("nginx-2", kInitial, elsewhere.handlers());
  REQUIRE(wait_until([&] { return elsewhere.is_following(); }));  // another key: at once
  let_the_others_try();
  CHECK_FALSE(second.is_following());
  CHECK(second.copy().empty());

  first_feed.reset();  // the follower's session ends, as a replica's does when it stops
  REQUIRE(wait_until([&] { return second.is_following(); }));
  sell(a, 1);
  REQUIRE(wait_until([&] {
    const auto states = second.copy();
    return !states.empty() && states.back().version == 1;
  }));
  CHECK(first.turns == 1);
}

TEST_CASE("the commit feed is followed again by itself after PostgreSQL restarts") {
  const std::string name = fresh_database_name();
  const std::string url = fresh_url(name);
  counterd::PostgresStore writer(url), follower(url);
  Seen seen;
  const auto feed = follower.follow_commits("k", kInitial, seen.handlers());
  REQUIRE(wait_until([&] { return seen.is_following(); }));
  // Ends the feed's session, as a restart would, without stopping the server other tests share.
  query(fixture_conninfo(), "postgres",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
            "' AND query LIKE 'LISTEN%'");
  REQUIRE(wait_until([&] {
    std::lock_guard lock(seen.mutex);
    return seen.turns == 2 && seen.following;
  }));
  sell(writer, 1);
  REQUIRE(wait_until([&] { return seen.copy().back().version == 1; }));
}
