#include "publisher.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string_view>

#include "counter/wire.hpp"
#include "http/request.hpp"

namespace counterd::live {

namespace {

// Offered changes kept for the next message: more than it may carry (kMaxLiveChanges).
constexpr std::size_t kKeptChanges = 64;

using namespace std::chrono_literals;

constexpr auto kRetry = 500ms;  // between attempts while nginx is away; also the idle check
constexpr auto kHeartbeat = std::chrono::milliseconds(counter::kLiveHeartbeatMs);
constexpr int kTimeoutS = 2;  // for one send or answer
constexpr std::size_t kMaxHead = 8192;

// Reads until `buffer` holds `want` bytes; false on EOF, error or timeout.
bool read_until(int fd, std::string& buffer, std::size_t want) {
  char chunk[4096];
  while (buffer.size() < want) {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

// The status of an HTTP/1.1 answer read from `fd`, its body skipped; 0 if it did not come, or
// came in a shape that cannot be trusted to end where it says (read as strictly as counterd's
// own request framer reads requests: one Content-Length of plain digits, no transfer coding).
int read_answer(int fd, bool& keep_open) {
  std::string buffer;
  std::size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxHead || !read_until(fd, buffer, buffer.size() + 1)) return 0;
  }
  const std::string_view head(buffer.data(), head_end);
  int status = 0;
  if (head.size() < 12 || head.substr(0, 9) != "HTTP/1.1 " ||
      std::from_chars(head.data() + 9, head.data() + 12, status).ptr != head.data() + 12 ||
      (head.size() > 12 && head[12] != ' '))
    return 0;
  std::optional<std::size_t> length;
  keep_open = true;
  for (std::size_t line = head.find("\r\n"); line != std::string_view::npos;) {
    const std::size_t next = head.find("\r\n", line + 2);
    const std::string_view field = head.substr(line + 2, next - std::min(next, line + 2));
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) return 0;
    const std::string_view name = field.substr(0, colon);
    std::string_view value = field.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (http::iequals(name, "content-length")) {
      std::size_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (length || value.empty() || value.size() > 18 || ec != std::errc() ||
          end != value.data() + value.size())
        return 0;
      length = n;
    } else if (http::iequals(name, "transfer-encoding")) {
      return 0;  // nchan answers with a length; anything else is not what we expect
    } else if (http::iequals(name, "connection") && value.find("close") != std::string_view::npos) {
      keep_open = false;
    }
    line = next;
  }
  if (!read_until(fd, buffer, head_end + 4 + length.value_or(0))) return 0;
  return status;
}

}  // namespace

std::optional<PublishTarget> parse_publish_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  const std::size_t slash = url.find('/', scheme.size());
  const std::string authority = url.substr(scheme.size(), slash - scheme.size());
  PublishTarget target{authority, "80", slash == std::string::npos ? "/" : url.substr(slash)};
  if (const std::size_t colon = authority.rfind(':'); colon != std::string::npos) {
    target.host = authority.substr(0, colon);
    target.port = authority.substr(colon + 1);
    if (target.port.empty() || target.port.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
  }
  if (target.host.empty()) return std::nullopt;
  return target;
}

Publisher::Publisher(PublishTarget target, Render render)
    : target_(std::move(target)), render_(std::move(render)), thread_([this] { run(); }) {}

Publisher::~Publisher() {
  thread_.stop();
  disconnect();  // the thread's connection, now that the thread is gone
}

void Publisher::offer(const counter::Stock& state,
                      const std::vector<counter::RecordedChange>& changes) {
  {
    std::lock_guard lock(thread_.mutex());
    if (newest_ && newest_->version >= state.version) return;
    newest_ = state;
    recent_.insert(recent_.end(), changes.begin(), changes.end());
    while (recent_.size() > kKeptChanges) recent_.pop_front();
  }
  thread_.wake();
}

std::vector<counter::RecordedChange> Publisher::changes_since(
    const std::optional<counter::Stock>& from, const counter::Stock& state) const {
  if (!from || from->version >= state.version ||
      state.version - from->version > counter::kMaxLiveChanges)
    return {};
  std::vector<counter::RecordedChange> found;
  for (const auto& c : recent_)
    if (c.change.result.version > from->version && c.change.result.version <= state.version)
      found.push_back(c);
  // Every version in between, or nothing: a screen must never miss a change.
  if (found.size() != state.version - from->version) return {};
  return found;
}

PublisherStats Publisher::stats() const {
  std::lock_guard lock(thread_.mutex());
  return stats_;
}

void Publisher::run() {
  const std::string where = "http://" + target_.host + ":" + target_.port + target_.path;
  bool reported_down = false;
  std::unique_lock lock(thread_.mutex());
  auto last_sent = std::chrono::steady_clock::now();
  for (;;) {
    if (!thread_.wait_for(lock, kRetry, [&] { return newest_ && newest_ != published_; })) return;
    lock.unlock();
    if (fd_ >= 0 && closed_by_peer()) disconnect();
    lock.lock();
    if (fd_ < 0) published_.reset();  // a new connection publishes the newest state again
    const bool heartbeat = std::chrono::steady_clock::now() - last_sent >= kHeartbeat;
    if (!newest_ || (newest_ == published_ && !heartbeat)) continue;
    const counter::Stock state = *newest_;
    const auto changes = changes_since(published_, state);
    lock.unlock();
    const bool sent = send(render_(state, changes));
    last_sent = std::chrono::steady_clock::now();
    lock.lock();
    if (sent) {
      published_ = state;
      ++stats_.published;
      if (reported_down) std::fprintf(stderr, "counterd: publishing to %s again\n", where.c_str());
      reported_down = false;
      continue;
    }
    ++stats_.failed;
    if (!reported_down)
      std::fprintf(stderr,
                   "counterd: cannot publish to %s (sales go on; trying again every %lld ms)\n",
                   where.c_str(), static_cast<long long>(kRetry.count()));
    reported_down = true;
    thread_.pause(lock, kRetry);
  }
}

bool Publisher::connect() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(target_.host.c_str(), target_.port.c_str(), &hints, &found) != 0) return false;
  for (addrinfo* a = found; a && fd_ < 0; a = a->ai_next) {
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) continue;
    timeval timeout{kTimeoutS, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) disconnect();
  }
  freeaddrinfo(found);
  return fd_ >= 0;
}

void Publisher::disconnect() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

// An idle connection that is readable has been closed by nginx (it never speaks first).
bool Publisher::closed_by_peer() const {
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) != 0;
}

bool Publisher::send(const std::string& body) {
  // A kept connection may have been closed by nginx a moment ago: then once more on a new one.
  if (fd_ >= 0 && send_once(body)) return true;
  return (fd_ >= 0 || connect()) && send_once(body);
}

bool Publisher::send_once(const std::string& body) {
  const std::string request =
      "POST " + target_.path + " HTTP/1.1\r\nHost: " + target_.host +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      disconnect();
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  bool keep_open = false;
  const int status = read_answer(fd_, keep_open);
  if (!keep_open || status == 0) disconnect();
  return status >= 200 && status < 300;
}

}  // namespace counterd::live
