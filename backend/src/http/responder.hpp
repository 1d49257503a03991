// The means to answer one request, now or later, from any thread.
//
// A handler answers at once (on the reactor thread that read the request) or keeps a copy of
// its Responder and sends later from another thread, e.g. the store's writer once a change is
// durable. A later answer goes through the connection's mailbox: the reactor that owns the
// connection writes it, so no Pistache object is ever touched from another thread.
//
// Exactly one answer per request: the first send() counts, and a request whose Responders are
// all gone unanswered is answered 500, never left in silence.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include "mailbox.hpp"
#include "reply.hpp"

namespace counterd::http {

namespace detail {

// Implemented by the connection side (ServerHandler): writes a later answer, on its reactor.
class ReplySink {
 public:
  virtual void deliver(std::size_t connection, Reply reply) = 0;

 protected:
  ~ReplySink() = default;
};

// One request's answer. While the handler is still running on the reactor (`dispatching`), an
// answer is left here for the reactor to write when the handler returns; after that, it goes
// through the mailbox.
struct Exchange {
  enum Phase { dispatching, answered_inline, deferred };
  std::atomic<int> phase{dispatching};
  Reply reply;
  std::shared_ptr<Mailbox> mailbox;
  ReplySink* sink = nullptr;
  std::size_t connection = 0;

  // The reactor, when the handler returns: true when the answer is already here.
  bool end_dispatch() {
    int expected = dispatching;
    return !phase.compare_exchange_strong(expected, deferred);
  }
};

}  // namespace detail

class Responder {
 public:
  explicit Responder(std::shared_ptr<detail::Exchange> exchange);

  // Answers the request with `reply`; later calls (on any copy) are ignored.
  void send(Reply reply) const;

 private:
  struct Owner;
  std::shared_ptr<Owner> owner_;
};

}  // namespace counterd::http
