#include "model/sale_queue.hpp"

#include "counter/wire.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace ui {

namespace {

std::string sales(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " sale" : " sales");
}

}  // namespace

SaleQueue::SaleQueue(std::string api_base, Save save)
    : api_(std::move(api_base)), save_(std::move(save)) {}

std::string SaleQueue::waiting_text() const {
  if (queued_.empty()) return "";
  const bool returns =
      std::any_of(queued_.begin(), queued_.end(), [](const QueuedSale& s) { return s.give_back; });
  if (!returns) return sales(queued_.size()) + " waiting to sync";
  return std::to_string(queued_.size()) + (queued_.size() == 1 ? " change" : " changes") +
         " waiting to sync";
}

std::int64_t SaleQueue::net_sold() const {
  std::int64_t n = 0;
  for (const auto& s : queued_) n += s.give_back ? -1 : 1;
  return n;
}

std::string SaleQueue::refused_text() const {
  if (refused_.empty()) return "";
  return sales(refused_.size()) + " could not be recorded: " + refused_.back().reason;
}

void SaleQueue::changed() {
  ++revision_;
  save_(queued_, refused_);
}

void SaleQueue::add(QueuedSale sale) {
  queued_.push_back(std::move(sale));
  changed();
}

void SaleQueue::sync(std::vector<QueuedSale> queued, std::vector<RefusedSale> refused) {
  if (queued == queued_ && refused == refused_) return;
  queued_ = std::move(queued);
  refused_ = std::move(refused);
  ++revision_;
}

std::optional<HttpRequest> SaleQueue::send_if_due(double now_ms, bool offline) {
  if (!replayer_ || queued_.empty() || offline || !head_.due(now_ms)) return std::nullopt;
  head_.sent();
  const QueuedSale& head = queued_.front();
  sending_ = head.key;
  // The same body every time it is sent: a repeat must be the same request as the first.
  std::string body;
  if (head.give_back && !(head.undo.empty() && head.till.empty()))
    body = counter::to_json(counter::ReturnRequest{head.till, head.undo});
  else if (!head.give_back && !head.till.empty())
    body = counter::to_json(counter::SaleRequest{head.till});
  return HttpRequest{Call::sell,
                     "POST",
                     api_ + (head.give_back ? "/return" : "/decrement"),
                     std::move(body),
                     {{"Idempotency-Key", sending_}}};
}

double SaleQueue::next_tick_ms(bool offline) const {
  if (!replayer_ || queued_.empty() || offline) return std::numeric_limits<double>::infinity();
  return head_.due_at();
}

std::string SaleQueue::answered() {
  head_.answered();
  return std::exchange(sending_, "");
}

void SaleQueue::decided(const std::string& key, std::optional<std::string> refusal) {
  const auto it = std::find_if(queued_.begin(), queued_.end(),
                               [&](const QueuedSale& s) { return s.key == key; });
  if (it == queued_.end()) return;
  if (refusal) refused_.push_back(RefusedSale{it->key, it->made_at_ms, std::move(*refusal)});
  queued_.erase(it);
  // A refused sale has nothing to undo: its queued undos go with it.
  if (refusal) std::erase_if(queued_, [&](const QueuedSale& s) { return s.undo == key; });
  changed();
}

void SaleQueue::dismiss_refused() {
  if (refused_.empty()) return;
  refused_.clear();
  changed();
}

}  // namespace ui
