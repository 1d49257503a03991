#include "responder.hpp"

namespace counterd::http {

namespace {

void complete(const std::shared_ptr<detail::Exchange>& exchange, Reply reply) {
  exchange->reply = std::move(reply);
  int expected = detail::Exchange::dispatching;
  if (exchange->phase.compare_exchange_strong(expected, detail::Exchange::answered_inline)) return;
  exchange->mailbox->post(
      [exchange] { exchange->sink->deliver(exchange->connection, std::move(exchange->reply)); });
}

}  // namespace

struct Responder::Owner {
  std::shared_ptr<detail::Exchange> exchange;
  std::atomic<bool> sent{false};

  ~Owner() {
    if (!sent)
      complete(exchange,
               problem_reply(counter::ProblemKind::internal_error,
                             "the server did not answer this request; its log has the details"));
  }
};

Responder::Responder(std::shared_ptr<detail::Exchange> exchange)
    : owner_(std::make_shared<Owner>()) {
  owner_->exchange = std::move(exchange);
}

void Responder::send(Reply reply) const {
  if (owner_->sent.exchange(true)) return;
  complete(owner_->exchange, std::move(reply));
}

}  // namespace counterd::http
