// The connections of one reactor thread: frames their bytes into requests (request_framer),
// routes each, and writes the answers in order.
//
// A connection carries one request at a time. Bytes that arrive meanwhile (pipelining) wait in
// its buffer and are framed after the answer has been queued, so answers leave in request
// order (RFC 9112 §9.3.2). A framing violation or an expired request timeout is answered with
// a problem and `Connection: close`; the write side is then shut down and nothing more is read.
//
// Everything here runs on the reactor thread that owns the connections; answers prepared on
// other threads arrive through the mailbox (see responder.hpp).
#pragma once

#include <pistache/tcp.h>

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "mailbox.hpp"
#include "reply.hpp"
#include "request.hpp"
#include "responder.hpp"
#include "server_context.hpp"

namespace counterd::http {

class ServerTransport;

class ConnectionHandler final : public Pistache::Tcp::Handler, public detail::ReplySink {
 public:
  explicit ConnectionHandler(std::shared_ptr<ServerContext> context);

  std::shared_ptr<Pistache::Tcp::Handler> clone() const override;
  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* bytes, std::size_t length,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  // Called by this reactor's transport.
  void attach(ServerTransport* transport, std::shared_ptr<Mailbox> mailbox);
  void deliver(std::size_t connection, Reply reply) override;
  // Closes what has outlived its timeout (and, while draining, every idle connection).
  void on_tick();

 private:
  using Clock = std::chrono::steady_clock;

  struct Connection {
    std::shared_ptr<Pistache::Tcp::Peer> peer;
    std::string buffer;  // bytes received and not yet framed, from `offset` on
    std::size_t offset = 0;
    bool busy = false;    // a request is being answered
    bool http10 = false;  // about that request
    bool head = false;
    bool keep_alive = true;
    bool closing = false;     // nothing more is read; close once the last answer is written
    bool fin_sent = false;    // write side shut down; waiting for the client to close
    int writes = 0;           // answers queued and not yet written
    Clock::time_point since;  // start of the current state (request, idleness, lingering)
    bool pending() const { return offset < buffer.size(); }
  };

  void pump(Connection& c);
  void dispatch(Connection& c, const Request& request, bool keep_alive);
  void refuse(Connection& c, counter::ProblemKind kind, const std::string& detail);
  void answer(Connection& c, const Reply& reply);
  void written(std::size_t id);
  void close_now(std::unordered_map<std::size_t, Connection>::iterator it);

  std::shared_ptr<ServerContext> context_;
  ServerTransport* transport_ = nullptr;
  std::shared_ptr<Mailbox> mailbox_;
  std::unordered_map<std::size_t, Connection> connections_;
};

}  // namespace counterd::http
