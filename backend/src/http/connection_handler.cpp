#include "connection_handler.hpp"

#include <pistache/peer.h>
#include <sys/socket.h>

#include "server_transport.hpp"

namespace counterd::http {

namespace {

using counter::ProblemKind;

// Bytes a connection may hold while its current request is being answered. A client that
// pipelines more than this has the excess dropped, and the connection closed after the
// answers it has in full.
constexpr std::size_t kMaxBuffered = 64 * 1024;

}  // namespace

ConnectionHandler::ConnectionHandler(std::shared_ptr<ServerContext> context)
    : context_(std::move(context)) {}

std::shared_ptr<Pistache::Tcp::Handler> ConnectionHandler::clone() const {
  return std::make_shared<ConnectionHandler>(context_);
}

void ConnectionHandler::attach(ServerTransport* transport, std::shared_ptr<Mailbox> mailbox) {
  transport_ = transport;
  mailbox_ = std::move(mailbox);
}

void ConnectionHandler::onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  Connection c;
  c.peer = peer;
  c.since = Clock::now();
  connections_.emplace(peer->getID(), std::move(c));  // counted by the server when handed over
}

void ConnectionHandler::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  const auto it = connections_.find(peer->getID());
  if (it == connections_.end()) return;
  // Writes still queued for a closed socket are dropped by the transport, never resolved.
  context_->unflushed -= it->second.writes;
  connections_.erase(it);
  --context_->connections;
}

void ConnectionHandler::onInput(const char* bytes, std::size_t length,
                                const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  const auto it = connections_.find(peer->getID());
  if (it == connections_.end()) return;
  Connection& c = it->second;
  if (c.closing) return;  // nothing after a final answer is read
  if (c.busy && c.buffer.size() - c.offset + length > kMaxBuffered) {
    c.closing = true;  // answer what is in full, then close; the client retries the rest
    return;
  }
  if (!c.busy && !c.pending()) c.since = Clock::now();  // a new request begins
  c.buffer.append(bytes, length);
  pump(c);
}

// Frames and dispatches the buffered requests, one at a time, until one is answered later, the
// bytes run out, or the connection is closing.
void ConnectionHandler::pump(Connection& c) {
  while (!c.busy && !c.closing && c.pending()) {
    const std::string_view pending = std::string_view(c.buffer).substr(c.offset);
    auto framed = frame_request(pending, context_->limits);
    if (std::holds_alternative<NeedMore>(framed)) break;
    if (const auto* v = std::get_if<Violation>(&framed)) return refuse(c, v->kind, v->detail);
    auto& frame = std::get<Frame>(framed);
    c.offset += frame.consumed;
    dispatch(c, frame.request, frame.keep_alive);
  }
  if (!c.pending()) {
    c.buffer.clear();
    c.offset = 0;
  } else if (c.offset > 0 && !c.busy) {
    c.buffer.erase(0, c.offset);
    c.offset = 0;
    c.since = Clock::now();  // the rest is the start of the next request
  }
}

void ConnectionHandler::dispatch(Connection& c, const Request& request, bool keep_alive) {
  c.busy = true;
  c.http10 = request.http10();
  c.head = request.method() == Method::Head;
  c.keep_alive = keep_alive;
  ++context_->in_flight;

  auto exchange = std::make_shared<detail::Exchange>();
  exchange->mailbox = mailbox_;
  exchange->sink = this;
  exchange->connection = c.peer->getID();
  context_->router.dispatch(request, Responder(exchange));
  if (exchange->end_dispatch()) answer(c, exchange->reply);
}

void ConnectionHandler::refuse(Connection& c, ProblemKind kind, const std::string& detail) {
  ++context_->refused;
  ++context_->in_flight;
  c.busy = true;
  c.http10 = false;
  c.head = false;
  c.keep_alive = false;
  answer(c, problem_reply(kind, detail));
}

void ConnectionHandler::deliver(std::size_t connection, Reply reply) {
  const auto it = connections_.find(connection);
  if (it == connections_.end()) {
    --context_->in_flight;  // the client left before its answer was ready
    return;
  }
  answer(it->second, reply);
  pump(it->second);
}

void ConnectionHandler::answer(Connection& c, const Reply& reply) {
  const bool close = !c.keep_alive || c.closing || context_->draining;
  std::string bytes = serialize(reply, c.http10, c.head, close);
  c.busy = false;
  c.closing = c.closing || close;
  c.since = Clock::now();
  --context_->in_flight;
  ++context_->requests;
  ++c.writes;
  ++context_->unflushed;
  // Nothing queued before it: write at once. Through Pistache's write queue an answer costs an
  // eventfd round trip and two epoll_ctl calls; the queue is only for what the socket does not
  // take now.
  std::size_t sent = 0;
  if (c.writes == 1) {
    const ssize_t n = ::send(c.peer->fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) sent = static_cast<std::size_t>(n);
  }
  const std::size_t id = c.peer->getID();
  if (sent == bytes.size()) return written(id);
  bytes.erase(0, sent);
  const std::size_t size = bytes.size();
  transport_->asyncWrite(c.peer->fd(), Pistache::RawBuffer(std::move(bytes), size))
      .then([this, id](ssize_t) { written(id); }, [this, id](std::exception_ptr) { written(id); });
}

// The transport resolves a write on this reactor once its bytes are in the socket.
void ConnectionHandler::written(std::size_t id) {
  --context_->unflushed;
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = it->second;
  --c.writes;
  if (c.closing && !c.busy && c.writes == 0 && !c.fin_sent) {
    // FIN after the last answer; reading on until the client closes avoids a reset that could
    // destroy the answer in flight.
    ::shutdown(c.peer->fd(), SHUT_WR);
    c.fin_sent = true;
    c.since = Clock::now();
  }
}

void ConnectionHandler::close_now(std::unordered_map<std::size_t, Connection>::iterator it) {
  context_->unflushed -= it->second.writes;
  transport_->close(it->second.peer);
  connections_.erase(it);
  --context_->connections;
}

void ConnectionHandler::on_tick() {
  const auto now = Clock::now();
  const Timeouts& t = context_->timeouts;
  const bool draining = context_->draining;
  for (auto it = connections_.begin(); it != connections_.end();) {
    Connection& c = it->second;
    const auto age = now - c.since;
    const bool quiet = !c.busy && c.writes == 0;
    if (c.fin_sent ? age > t.linger
                   : quiet && !c.pending() && (c.closing || draining || age > t.keepalive)) {
      close_now(it++);
      continue;
    }
    if (!c.busy && !c.closing && c.pending() && age > t.request)
      refuse(
          c, ProblemKind::request_timeout,
          "the request did not arrive in full within " +
              std::to_string(std::chrono::duration_cast<std::chrono::seconds>(t.request).count()) +
              " s");
    ++it;
  }
}

}  // namespace counterd::http
