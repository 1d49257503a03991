// The commit feed of the PostgreSQL store: every committed batch's NOTIFY, received on a
// connection of its own. Among the processes that follow the feed under the same key, one at a
// time does — the one holding a session-level advisory lock on the key — and when it goes, its
// lock goes with its session and another one takes over within kTakeOverMs.
#pragma once

#include <functional>
#include <string>

#include "commit_feed.hpp"
#include "postgres_connection.hpp"
#include "threads/stoppable_thread.hpp"

namespace counterd {

// How often a process that does not follow the feed tries to take it over.
inline constexpr int kTakeOverMs = 1000;

class PostgresCommitFeed final : public CommitFeed {
 public:
  // `read_current` reads the store's current state (called once this process follows).
  PostgresCommitFeed(std::string url, std::string key, std::function<counter::Stock()> read_current,
                     CommitFeedHandlers handlers);

 private:
  void run();
  bool take_over();  // true when this process now holds the key; throws StoreError
  void follow();     // returns when stopping; throws StoreError when the connection breaks
  bool pause(std::chrono::milliseconds time);  // false when stopping

  PgConnection db_;
  const std::string key_;
  const std::function<counter::Stock()> read_current_;
  const CommitFeedHandlers handlers_;
  StoppableThread thread_;  // last: started once everything it uses is there
};

}  // namespace counterd
