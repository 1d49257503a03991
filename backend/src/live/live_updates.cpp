#include "live_updates.hpp"

namespace counterd::live {

namespace {

PublisherStats operator+(PublisherStats a, const PublisherStats& b) {
  a.published += b.published;
  a.failed += b.failed;
  return a;
}

}  // namespace

LiveUpdates::LiveUpdates(const PublishTarget& target, Store& store, std::int64_t initial,
                         Publisher::Render render)
    : target_(target), render_(std::move(render)) {
  // The key: replicas that publish to the same place elect one relay among themselves.
  const std::string key = "live " + target.host + ":" + target.port + target.path;
  feed_ = store.follow_commits(
      key, initial,
      {[this](bool following) { follow(following); },
       [this](const counter::Stock& state, const std::vector<counter::RecordedChange>& changes) {
         std::lock_guard lock(mutex_);
         if (relay_) relay_->offer(state, changes);
       }});
  if (!feed_) own_ = std::make_unique<Publisher>(target_, render_);
}

void LiveUpdates::follow(bool following) {
  // A new relay publishes its first state at once: the channel may be empty or behind.
  auto relay = following ? std::make_unique<Publisher>(target_, render_) : nullptr;
  std::lock_guard lock(mutex_);
  if (relay_) relayed_before_ = relayed_before_ + relay_->stats();
  std::swap(relay_, relay);
}  // the previous relay, if any, stops here

void LiveUpdates::on_commit(const counter::Stock& state,
                            const std::vector<counter::RecordedChange>& changes) {
  if (own_) own_->offer(state, changes);
}

void LiveUpdates::on_start(const std::function<counter::Stock()>& current) {
  if (own_) own_->offer(current());
}

LiveStats LiveUpdates::stats() const {
  if (own_) return {true, own_->stats()};
  std::lock_guard lock(mutex_);
  return {relay_ != nullptr, relay_ ? relayed_before_ + relay_->stats() : relayed_before_};
}

}  // namespace counterd::live
