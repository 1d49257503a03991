// A TCP connection that sends exactly the bytes a test writes and reads answers as they come:
// for what an HTTP library would not send (malformed heads, pipelining, split writes).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace testsupport {

struct RawResponse {
  int status = 0;
  std::string version;                         // "HTTP/1.1"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& bytes);
  // Reads one response (head, and a body of Content-Length bytes unless `head_only`); nothing
  // when the server closed the connection or `wait` passed first.
  std::optional<RawResponse> read_response(
      std::chrono::milliseconds wait = std::chrono::seconds(10), bool head_only = false);
  // Whether the server has closed its side (reads EOF) within `wait`, after anything buffered.
  bool closed_by_server(std::chrono::milliseconds wait = std::chrono::seconds(5));
  // Everything received until the server closes or `wait` passes.
  std::string read_all(std::chrono::milliseconds wait);

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // false on EOF or timeout
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace testsupport
