#include "counter_service.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "wall_clock.hpp"

namespace counterd {

namespace {

using namespace std::chrono_literals;

// How often the writer forgets expired keys, and how many at a time: short transactions
// between batches, so that forgetting never holds a sale up for long.
constexpr auto kForgetEvery = 1s;
constexpr std::size_t kForgetAtOnce = 500;

}  // namespace

Failure failure_for(counter::Rejection rejection) {
  switch (rejection) {
    case counter::Rejection::sold_out:
      return Failure::sold_out;
    case counter::Rejection::out_of_range:
      return Failure::out_of_range;
    case counter::Rejection::version_exhausted:
      return Failure::version_exhausted;
  }
  return Failure::out_of_range;
}

CounterService::CounterService(Store& store, const ServiceOptions& options)
    : store_(store),
      initial_(options.initial_stock),
      keep_replies_(options.keep_replies),
      undo_window_(options.undo_window),
      on_commit_(options.on_commit),
      durable_(store.load(options.initial_stock)),
      writer_([this] { write_loop(); }) {
  if (store_.shared())
    reads_ = std::make_unique<BatchWorker<ReadDone>>([this](std::vector<ReadDone>& batch) {
      std::variant<counter::Stock, StoreError> result = StoreError("");
      try {
        result = store_.load(initial_);
      } catch (const StoreError& e) {
        result = e;
      }
      for (auto& done : batch) done(result);
    });
}

CounterService::~CounterService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  writer_.join();
  // Then the reader (a member), once what it holds is answered.
}

counter::Stock CounterService::current() const {
  if (store_.shared()) return store_.load(initial_);
  std::lock_guard lock(mutex_);
  return durable_;
}

void CounterService::read_current(ReadDone done) {
  if (reads_) return reads_->push(std::move(done));
  std::unique_lock lock(mutex_);
  const counter::Stock stock = durable_;
  lock.unlock();
  done(stock);
}

void CounterService::submit(Command command, Completion done) {
  bool wake = false;
  {
    std::unique_lock lock(mutex_);
    if (command.idempotency && !keys_in_flight_.insert(command.idempotency->key).second) {
      lock.unlock();
      return done(Failure::key_in_use);
    }
    queue_.push_back(Pending{std::move(command), std::move(done)});
    wake = writer_idle_;  // a busy writer looks at the queue again before it sleeps
    writer_idle_ = false;
  }
  if (wake) wake_writer_.notify_one();
}

void CounterService::write_loop() {
  std::unique_lock lock(mutex_);
  std::vector<Pending> batch;
  for (;;) {
    writer_idle_ = queue_.empty();
    wake_writer_.wait_for(lock, kForgetEvery, [&] { return !queue_.empty() || stopping_; });
    writer_idle_ = false;
    if (queue_.empty() && stopping_) return;  // everything queued is answered
    if (std::chrono::steady_clock::now() - last_forget_ >= kForgetEvery) {
      lock.unlock();
      forget_old_replies();
      lock.lock();
    }
    if (queue_.empty()) continue;
    batch.swap(queue_);
    lock.unlock();

    const Applied applied = apply(batch);

    lock.lock();
    if (!applied.committed) ++stats_.failed_commits;
    if (applied.changes > 0) {
      durable_ = applied.after;
      ++stats_.commits;
      stats_.changes += applied.changes;
      stats_.largest_commit = std::max(stats_.largest_commit, applied.changes);
      stats_.commit_seconds += applied.seconds;
      stats_.slowest_commit_seconds = std::max(stats_.slowest_commit_seconds, applied.seconds);
    }
    stats_.replays += applied.replays;
    // Kept now, or not at all: a repeat from here on is replayed, or runs afresh.
    for (const auto& p : batch)
      if (p.command.idempotency) keys_in_flight_.erase(p.command.idempotency->key);
    lock.unlock();
    if (applied.changes > 0 && on_commit_) on_commit_(applied.after, applied.recorded);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(applied.outcomes[i]);
    batch.clear();
    lock.lock();
  }
}

// Sales this batch recorded or looked up by key, and the sales it undid: the store sees a batch's
// changes only once it commits (PostgreSQL writes them at the end), so a sale and its undo in
// one batch, or two undos of one sale, are told apart here.
struct CounterService::BatchSales {
  std::unordered_map<std::string, counter::RecordedChange> by_key;
  std::unordered_map<std::uint64_t, counter::RecordedChange> undone;  // by the sale's version
};

std::variant<counter::ChangeOutcome, UndoRefused> CounterService::rule(const Command& c,
                                                                       const counter::Stock& stock,
                                                                       std::int64_t at_ms,
                                                                       StoreTransaction& tx,
                                                                       BatchSales& sales) const {
  switch (c.kind) {
    case Command::Kind::sell:
      return counter::decrement(stock);
    case Command::Kind::reset:
      return counter::reset(stock, c.target.value_or(initial_));
    case Command::Kind::give_back:
      break;
  }
  if (c.undo.empty()) return counter::take_back(stock);
  auto known = sales.by_key.find(c.undo);
  if (known == sales.by_key.end()) {
    auto found = tx.find_sale(c.undo);
    if (!found) return UndoRefused{UndoRefused::Why::no_sale, std::nullopt, std::nullopt};
    if (found->undo) sales.undone.insert_or_assign(found->sale.change.result.version, *found->undo);
    known = sales.by_key.insert_or_assign(c.undo, found->sale).first;
  }
  const counter::RecordedChange& sale = known->second;
  if (const auto undo = sales.undone.find(sale.change.result.version); undo != sales.undone.end())
    return UndoRefused{UndoRefused::Why::already_undone, sale, undo->second};
  if (at_ms - sale.at_ms > undo_window_.count())
    return UndoRefused{UndoRefused::Why::too_late, sale, std::nullopt};
  return counter::take_back(stock);
}

// One transaction for the whole batch: each command sees the stock the ones before it left; a
// refused command changes nothing and does not stop the others; a repeated key gets its kept
// answer. If the transaction fails, nothing is recorded or kept, and every command of the
// batch is refused.
CounterService::Applied CounterService::apply(const std::vector<Pending>& batch) {
  Applied applied;
  auto& outcomes = applied.outcomes;
  outcomes.assign(batch.size(), Failure::store_failed);
  const auto started = std::chrono::steady_clock::now();
  try {
    store_.transact(initial_, [&](StoreTransaction& tx) {
      std::vector<std::string> keys;
      for (const auto& p : batch)
        if (p.command.idempotency) keys.push_back(p.command.idempotency->key);
      const auto kept =
          keys.empty() ? std::vector<std::optional<KeptRequest>>{} : tx.find_kept(keys);
      auto next_kept = kept.begin();

      counter::Stock stock = tx.stock();
      const std::int64_t at = now_ms();
      BatchSales sales;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const Command& c = batch[i].command;
        if (c.idempotency) {
          if (const auto& earlier = *next_kept++) {
            if (earlier->fingerprint == c.idempotency->fingerprint) {
              outcomes[i] = Replayed{earlier->outcome};
              ++applied.replays;
            } else {
              outcomes[i] = Failure::key_reused;
            }
            continue;
          }
        }
        auto ruled = rule(c, stock, at, tx, sales);
        if (auto* refused = std::get_if<UndoRefused>(&ruled)) {
          outcomes[i] = std::move(*refused);  // not kept: a repeat asks again
          continue;
        }
        const auto& outcome = std::get<counter::ChangeOutcome>(ruled);
        KeptOutcome kept_outcome = stock;
        if (const auto* rejection = std::get_if<counter::Rejection>(&outcome)) {
          outcomes[i] = failure_for(*rejection);
          kept_outcome = *rejection;
        } else {
          counter::RecordedChange recorded{at, std::get<counter::Change>(outcome), c.till};
          if (!c.undo.empty()) {
            recorded.undoes = sales.by_key.at(c.undo).change.result.version;
            sales.undone.insert_or_assign(*recorded.undoes, recorded);
          }
          if (c.kind == Command::Kind::sell && c.idempotency)
            sales.by_key.insert_or_assign(c.idempotency->key, recorded);
          tx.record(recorded);
          applied.recorded.push_back(recorded);
          stock = recorded.change.result;
          outcomes[i] = stock;
          kept_outcome = stock;
          ++applied.changes;
        }
        if (c.idempotency)
          tx.keep(c.idempotency->key, KeptRequest{c.idempotency->fingerprint, kept_outcome}, at);
      }
      applied.after = stock;
    });
    applied.committed = true;
  } catch (const StoreError& e) {
    const bool unknown = dynamic_cast<const CommitOutcomeUnknown*>(&e) != nullptr;
    std::fprintf(stderr, "counterd: %zu command(s) %s: %s\n", batch.size(),
                 unknown ? "may or may not be recorded" : "refused, nothing recorded", e.what());
    std::fill(outcomes.begin(), outcomes.end(),
              unknown ? Failure::outcome_unknown : Failure::store_failed);
    applied.changes = 0;
    applied.replays = 0;
    applied.recorded.clear();
  }
  applied.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return applied;
}

void CounterService::forget_old_replies() {
  last_forget_ = std::chrono::steady_clock::now();
  const std::int64_t before = now_ms() - keep_replies_.count();
  try {
    const std::size_t forgotten = store_.forget_kept(before, kForgetAtOnce);
    std::lock_guard lock(mutex_);
    stats_.forgotten += forgotten;
  } catch (const StoreError& e) {
    std::fprintf(stderr, "counterd: cannot forget old idempotency keys (will retry): %s\n",
                 e.what());
  }
}

// Asks the store each time: after an outage, ready again as soon as the store is.
std::optional<std::string> CounterService::not_ready() const {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return "counterd is stopping";
  }
  return store_.unwritable();
}

CommitStats CounterService::stats() const {
  std::lock_guard lock(mutex_);
  CommitStats stats = stats_;
  stats.queued = queue_.size();
  return stats;
}

}  // namespace counterd
