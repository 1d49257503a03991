// Small helpers shared by the HTTP tests.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "counter/wire.hpp"
#include "support/counterd_process.hpp"
#include "support/raw_connection.hpp"

namespace testsupport {

// A counterd with a fresh data directory (and `args`), and a client for it.
struct Server {
  explicit Server(std::vector<std::string> args = {})
      : counterd([&] {
          args.insert(args.begin(), {"--data-dir", dir.str()});
          return args;
        }()) {}
  TempDir dir;
  CounterdProcess counterd;
  httplib::Client client = counterd.client();
};

// The stock in a counter state answer; FAILs the test if it is not one.
inline std::int64_t value_of(const httplib::Response& r) {
  auto decoded = counter::decode_counter_state(r.body);
  REQUIRE(std::holds_alternative<counter::CounterState>(decoded));
  return std::get<counter::CounterState>(decoded).value;
}

// Sends one request; FAILs the test if no response came back at all.
inline httplib::Response send(httplib::Client& client, const std::string& method,
                              const std::string& path, const std::string& body = "",
                              const httplib::Headers& headers = {}) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers;
  req.body = body;
  auto result = client.send(req);
  if (!result)
    FAIL(method << " " << path << " got no response: " << httplib::to_string(result.error()));
  return *result;
}

// A figure of GET /metrics.
inline double metric(httplib::Client& client, const std::string& name) {
  const std::string text = send(client, "GET", "/metrics").body;
  const auto at = text.find("\n" + name + " ");
  REQUIRE(at != std::string::npos);
  return std::stod(text.substr(at + name.size() + 2));
}

// POST /decrement on a keep-alive raw connection, for test threads: neither Catch2's macros
// nor cpp-httplib (whose regexes ThreadSanitizer cannot follow) may run outside the main
// thread. Nothing when no answer came (the server closed or is gone).
inline std::optional<RawResponse> post_decrement(RawConnection& connection,
                                                 const std::string& idempotency_key = "") {
  std::string request = "POST /decrement HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n";
  if (!idempotency_key.empty()) request += "Idempotency-Key: " + idempotency_key + "\r\n";
  connection.send(request + "\r\n");
  return connection.read_response(std::chrono::seconds(30));
}

// The status of an answer, 0 for none.
inline int status_of(const std::optional<RawResponse>& response) {
  return response ? response->status : 0;
}

inline const httplib::Headers kJson{{"Content-Type", "application/json"}};
inline const httplib::Headers kManager{{"Authorization", "Bearer " + kManagerCode}};
inline const httplib::Headers kJsonManager{{"Content-Type", "application/json"},
                                           {"Authorization", "Bearer " + kManagerCode}};

inline std::string problem_json(const std::string& slug, const std::string& title, int status,
                                const std::string& detail) {
  return R"({"type":"urn:camera-counter:problem:)" + slug + R"(","title":")" + title +
         R"(","status":)" + std::to_string(status) + R"(,"detail":")" + detail + R"("})";
}

}  // namespace testsupport
