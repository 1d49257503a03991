// Every replica's commits on a shared store, in commit order, followed by one process at a time.
#pragma once

#include <functional>
#include <vector>

#include "counter/stock.hpp"

namespace counterd {

struct CommitFeedHandlers {
  // This process now follows the feed (true), or no longer does (false): its connection broke,
  // or the feed is being stopped. Another process may follow it meanwhile.
  std::function<void(bool following)> on_following;
  // A committed state, in commit order, while following, with the changes its commit recorded
  // when the commit could say them (at most counter::kMaxLiveChanges; else none). The first
  // one after on_following(true) is the current state, without changes. One that is not newer
  // than the one before it may come right after it (a commit between the two reads); ignore it.
  std::function<void(const counter::Stock&, const std::vector<counter::RecordedChange>&)> on_state;
};

// Follows the feed on a thread of its own until destroyed; the handlers run on that thread.
class CommitFeed {
 public:
  virtual ~CommitFeed() = default;
};

}  // namespace counterd
