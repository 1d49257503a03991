// Live updates: every committed state goes to nginx's live channel (nchan's publisher endpoint).
//
// Which states, from where. A process that is its store's only writer publishes its own commits,
// in the order it makes them. Replicas on a shared store publish the store's commit feed
// instead — every replica's commits, in commit order — and only one replica per publish URL
// does so at a time (another takes over when it goes), so that the channel receives each
// state once and in order, whoever committed it.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "live/publisher.hpp"
#include "store/store.hpp"

namespace counterd::live {

struct LiveStats {
  bool publishing = false;  // this process publishes now
  PublisherStats sent;      // since start
};

class LiveUpdates {
 public:
  // Starts publishing to `target`; `render` makes a message's body from a state.
  LiveUpdates(const PublishTarget& target, Store& store, std::int64_t initial,
              Publisher::Render render);
  LiveUpdates(const LiveUpdates&) = delete;
  LiveUpdates& operator=(const LiveUpdates&) = delete;

  // A state this process committed, and the changes that led to it: published when it is the
  // only writer.
  void on_commit(const counter::Stock& state, const std::vector<counter::RecordedChange>& changes);
  // The only writer publishes the state it starts with (nginx's channel may be empty), read by
  // `current` then; a relay of the commit feed reads its own, so `current` is not called.
  void on_start(const std::function<counter::Stock()>& current);

  LiveStats stats() const;

 private:
  void follow(bool following);  // the commit feed's thread

  const PublishTarget target_;
  const Publisher::Render render_;
  std::unique_ptr<Publisher> own_;  // the only writer's: its commits

  mutable std::mutex mutex_;
  std::unique_ptr<Publisher> relay_;  // the commit feed's, while this process follows it
  PublisherStats relayed_before_;     // by earlier relays

  std::unique_ptr<CommitFeed> feed_;  // last: stopped first, before what its thread uses
};

}  // namespace counterd::live
