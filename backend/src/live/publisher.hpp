// Pushes the counter's state to nginx's live channel (nchan's publisher endpoint) after each
// commit, so that open pages and subscribed clients see a sale the moment it is recorded.
//
// While nothing changes, the newest state is published again every counter::kLiveHeartbeatMs,
// so that subscribers can tell a quiet counter from a publisher that is gone.
//
// Each message carries the changes since the state published before it on this connection, when
// there are few and all of them were offered (counter::LiveState), so that open pages follow
// the history without reading it.
//
// A thread of its own owns the connection: offer() only records the newest state and returns,
// so publishing never holds a sale up. When the thread falls behind, the states in between are
// skipped (the newest wins; every message is a whole state). On every new connection it
// publishes the newest state again, because a reload or restart of nginx empties the channel;
// an idle connection that nginx closes (a reload does) is noticed and replaced at once. While
// nginx cannot be reached it tries again every half second and says so once in the log.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "counter/stock.hpp"
#include "threads/stoppable_thread.hpp"

namespace counterd::live {

// Where to publish: http://HOST:PORT/PATH.
struct PublishTarget {
  std::string host;
  std::string port;
  std::string path;
};

// The target named by `url`, or nothing if it is not an http:// URL with a host.
std::optional<PublishTarget> parse_publish_url(const std::string& url);

struct PublisherStats {
  std::uint64_t published = 0;  // messages nginx accepted
  std::uint64_t failed = 0;     // attempts that did not reach it
};

class Publisher {
 public:
  // A message's body from a state and the changes that led to it (maybe none).
  using Render = std::function<std::string(const counter::Stock&,
                                           const std::vector<counter::RecordedChange>&)>;

  // Starts the publishing thread. `render` makes a message's body from a state.
  Publisher(PublishTarget target, Render render);
  // Stops the thread; a state not yet published is dropped (the next start publishes anew).
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Publishes `state` soon, unless a newer one was offered already. `changes`: what led to it
  // from the state offered before (the commit's changes); none when not known.
  void offer(const counter::Stock& state, const std::vector<counter::RecordedChange>& changes = {});

  PublisherStats stats() const;

 private:
  void run();
  bool send(const std::string& body);  // on the connection, opening one if needed
  bool send_once(const std::string& body);
  bool connect();
  void disconnect();
  bool closed_by_peer() const;
  // The changes from `from` (exclusive) to `state`, when all of them are kept and few enough.
  std::vector<counter::RecordedChange> changes_since(const std::optional<counter::Stock>& from,
                                                     const counter::Stock& state) const;

  const PublishTarget target_;
  const Render render_;
  int fd_ = -1;  // the publishing thread's only

  // Under thread_.mutex():
  std::optional<counter::Stock> newest_;        // offered
  std::optional<counter::Stock> published_;     // last accepted by nginx on this connection
  std::deque<counter::RecordedChange> recent_;  // the newest offered changes, in version order
  PublisherStats stats_;
  StoppableThread thread_;  // last: started once everything it uses is there
};

}  // namespace counterd::live
