// The sales made on this screen and not yet decided by the server, as the browser's storage
// keeps them for all of the page's tabs. Each sale is queued with a fresh Idempotency-Key and
// the time it was made; the tab holding the replayer role sends the queue's head, again and
// again under the same key, until the server decides. So a sale whose answer was lost is
// neither lost nor sold twice, sales made offline go out when the server is back, and no two
// tabs send the same sale.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/attempt.hpp"
#include "model/http_call.hpp"

namespace ui {

// A sale made in this browser and not yet decided by the server, or a return (one back: a
// customer's, or the undo of a sale made here), which queues behind the sales like one.
struct QueuedSale {
  std::string key;         // its Idempotency-Key
  double made_at_ms;       // Unix time
  bool give_back = false;  // a return
  std::string undo = {};   // a return that undoes the sale queued or sold under this key
  std::string till = {};   // the till it comes from; empty: none named
  friend bool operator==(const QueuedSale&, const QueuedSale&) = default;
};

// A queued sale the server refused (e.g. sold out meanwhile): shown until dismissed.
struct RefusedSale {
  std::string key;
  double made_at_ms;
  std::string reason;
  friend bool operator==(const RefusedSale&, const RefusedSale&) = default;
};

class SaleQueue {
 public:
  // Keeps the queue where the browser keeps it; called after every change made here (not after
  // sync(), which brings what the storage already holds).
  using Save = std::function<void(const std::vector<QueuedSale>&, const std::vector<RefusedSale>&)>;

  SaleQueue(std::string api_base, Save save);

  const std::vector<QueuedSale>& queued() const { return queued_; }
  const std::vector<RefusedSale>& refused() const { return refused_; }
  std::size_t waiting() const { return queued_.size(); }
  std::string waiting_text() const;  // "3 sales waiting to sync", or empty
  // Queued sales less queued returns: what the stock will have moved by once they are sent.
  std::int64_t net_sold() const;
  std::string refused_text() const;  // "1 sale could not be recorded: sold out", or empty
  // Changes whenever queued() or refused() do.
  std::uint64_t revision() const { return revision_; }

  void add(QueuedSale sale);
  // The queue as the storage holds it now (another tab changed it, or the page loaded).
  void sync(std::vector<QueuedSale> queued, std::vector<RefusedSale> refused);
  // Only the tab holding the replayer role sends sales.
  void set_replayer(bool replayer) { replayer_ = replayer; }
  // The head's request, when this tab may send it now.
  std::optional<HttpRequest> send_if_due(double now_ms, bool offline);
  double next_tick_ms(bool offline) const;

  // The answer to the sale in flight came: returns its key.
  std::string answered();
  // The server has not decided yet: the head goes again, not before `ms`.
  void retry_at(double ms) { head_.not_before(ms); }
  // The server decided the sale under `key`: it leaves the queue, remembered when refused (and
  // then with any undo of it queued behind).
  void decided(const std::string& key, std::optional<std::string> refusal);
  void dismiss_refused();

 private:
  void changed();

  std::string api_;
  Save save_;
  std::vector<QueuedSale> queued_;
  std::vector<RefusedSale> refused_;
  bool replayer_ = false;
  std::string sending_;  // the key of the sale in flight
  Attempt head_;
  std::uint64_t revision_ = 0;
};

}  // namespace ui
