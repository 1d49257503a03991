// The REST API over real HTTP: every route, every status code, the exact bodies.
#include <regex>

#include "http_helpers.hpp"

using namespace testsupport;

TEST_CASE("GET /counter answers the state with no-store and a strong ETag") {
  Server s;
  auto r = send(s.client, "GET", "/counter");
  CHECK(r.status == 200);
  CHECK(r.body == R"({"value":1000,"version":0,"initial":1000})");
  CHECK(r.get_header_value("Content-Type") == "application/json");
  CHECK(r.get_header_value("Cache-Control") == "no-store");
  CHECK(std::regex_match(r.get_header_value("ETag"), std::regex(R"("[0-9a-f]{16}-0")")));
}

TEST_CASE("GET /counter with a matching If-None-Match answers 304 without a body") {
  Server s;
  const std::string etag = send(s.client, "GET", "/counter").get_header_value("ETag");
  SECTION("the same tag") {
    auto r = send(s.client, "GET", "/counter", "", {{"If-None-Match", etag}});
    CHECK(r.status == 304);
    CHECK(r.body.empty());
    CHECK(r.get_header_value("ETag") == etag);
  }
  SECTION("in a list, weak or with *") {
    CHECK(
        send(s.client, "GET", "/counter", "", {{"If-None-Match", "\"nope\", W/" + etag}}).status ==
        304);
    CHECK(send(s.client, "GET", "/counter", "", {{"If-None-Match", "*"}}).status == 304);
  }
  SECTION("a stale tag after a sale gets the new state") {
    send(s.client, "POST", "/decrement");
    auto r = send(s.client, "GET", "/counter", "", {{"If-None-Match", etag}});
    CHECK(r.status == 200);
    CHECK(r.body == R"({"value":999,"version":1,"initial":1000})");
    CHECK(r.get_header_value("ETag") != etag);
  }
}

TEST_CASE("POST /decrement sells one and answers the new state") {
  Server s;
  auto r = send(s.client, "POST", "/decrement");
  CHECK(r.status == 200);
  CHECK(r.body == R"({"value":999,"version":1,"initial":1000})");
  CHECK(std::regex_match(r.get_header_value("ETag"), std::regex(R"("[0-9a-f]{16}-1")")));
  CHECK(send(s.client, "POST", "/decrement", "{}", kJson).body ==
        R"({"value":998,"version":2,"initial":1000})");
  CHECK(send(s.client, "GET", "/counter").body == R"({"value":998,"version":2,"initial":1000})");
}

TEST_CASE("POST /decrement at zero answers 409 and leaves zero") {
  Server s;
  send(s.client, "PUT", "/reset", R"({"value":1})", kJsonManager);
  CHECK(send(s.client, "POST", "/decrement").status == 200);
  auto r = send(s.client, "POST", "/decrement");
  CHECK(r.status == 409);
  CHECK(r.get_header_value("Content-Type") == "application/problem+json");
  CHECK(r.body == problem_json("sold-out", "Sold out", 409,
                               "the stock is 0: there is no camera left to sell"));
  CHECK(send(s.client, "GET", "/counter").body == R"({"value":0,"version":2,"initial":1000})");
}

TEST_CASE("PUT /reset restocks to the initial value or to the given one") {
  TempDir dir;
  CounterdProcess counterd({"--data-dir", dir.str(), "--initial-stock", "40"});
  auto client = counterd.client();
  send(client, "POST", "/decrement");
  CHECK(send(client, "PUT", "/reset", "", kManager).body ==
        R"({"value":40,"version":2,"initial":40})");
  CHECK(send(client, "PUT", "/reset", R"({"value":7})", kJsonManager).body ==
        R"({"value":7,"version":3,"initial":40})");
  CHECK(send(client, "PUT", "/reset", "{}",
             {{"Content-Type", "application/json; charset=utf-8"},
              {"Authorization", "Bearer " + kManagerCode}})
            .body == R"({"value":40,"version":4,"initial":40})");
}

TEST_CASE("PUT /reset refuses bad bodies with 400 or 422 and changes nothing") {
  Server s;
  SECTION("malformed JSON is 400") {
    auto r = send(s.client, "PUT", "/reset", R"({"value":)", kJsonManager);
    CHECK(r.status == 400);
    CHECK(r.body == problem_json("malformed-request", "Malformed request", 400,
                                 "body is not valid JSON: Invalid value. (at byte 9)"));
  }
  SECTION("a wrong type is 400") {
    auto r = send(s.client, "PUT", "/reset", R"({"value":"ten"})", kJsonManager);
    CHECK(r.status == 400);
    CHECK(r.body == problem_json("malformed-request", "Malformed request", 400,
                                 "`value` must be a whole number"));
  }
  SECTION("an unknown field is 400") {
    CHECK(send(s.client, "PUT", "/reset", R"({"stock":5})", kJsonManager).status == 400);
  }
  SECTION("a negative value is 422") {
    auto r = send(s.client, "PUT", "/reset", R"({"value":-5})", kJsonManager);
    CHECK(r.status == 422);
    CHECK(r.body == problem_json("out-of-range", "Value out of range", 422,
                                 "`value` must be between 0 and 1000000000, got -5"));
  }
  SECTION("a value above the maximum is 422") {
    CHECK(send(s.client, "PUT", "/reset", R"({"value":1000000001})", kJsonManager).status == 422);
  }
  CHECK(send(s.client, "GET", "/counter").body == R"({"value":1000,"version":0,"initial":1000})");
}

TEST_CASE("a body that is not declared as JSON answers 415") {
  Server s;
  auto r = send(s.client, "PUT", "/reset", R"({"value":5})",
                {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"Authorization", "Bearer " + kManagerCode}});
  CHECK(r.status == 415);
  CHECK(r.body == problem_json("unsupported-media-type", "Unsupported media type", 415,
                               "the body must be JSON, sent with 'Content-Type: "
                               "application/json'; got 'application/x-www-form-urlencoded'"));
  CHECK(send(s.client, "POST", "/decrement", "{}", {{"Content-Type", "text/plain"}}).status == 415);
  CHECK(send(s.client, "PUT", "/reset", R"({"value":5})",
             {{"Content-Type", "application/merge-patch+json"},
              {"Authorization", "Bearer " + kManagerCode}})
            .status == 200);
}

TEST_CASE("a body over 1 KiB answers 413 and changes nothing") {
  Server s;
  const std::string big = R"({"value":5,"pad":")" + std::string(2000, 'x') + "\"}";
  auto r = send(s.client, "PUT", "/reset", big, kJsonManager);
  CHECK(r.status == 413);
  CHECK(r.body == problem_json("payload-too-large", "Payload too large", 413,
                               "the body has " + std::to_string(big.size()) +
                                   " bytes; at most 1024 are accepted"));
  CHECK(send(s.client, "GET", "/counter").body == R"({"value":1000,"version":0,"initial":1000})");
}

TEST_CASE("an unknown path answers 404 problem+json") {
  Server s;
  auto r = send(s.client, "GET", "/cameras");
  CHECK(r.status == 404);
  CHECK(r.get_header_value("Content-Type") == "application/problem+json");
  CHECK(r.body == problem_json("not-found", "Not found", 404,
                               "no resource at /cameras; see /counter, /decrement, /return, "
                               "/reset, /changes, /sales, /healthz, /readyz, /openapi.json, "
                               "/metrics"));
  CHECK(send(s.client, "POST", "/nowhere/deep").status == 404);
}

TEST_CASE("a wrong method answers 405 with Allow, on every route") {
  Server s;
  struct Case {
    const char* method;
    const char* path;
    const char* allow;
  };
  const Case cases[] = {
      {"DELETE", "/counter", "GET, HEAD, OPTIONS"}, {"GET", "/decrement", "POST, OPTIONS"},
      {"POST", "/reset", "PUT, OPTIONS"},           {"PATCH", "/changes", "GET, HEAD, OPTIONS"},
      {"PUT", "/healthz", "GET, HEAD, OPTIONS"},    {"DELETE", "/readyz", "GET, HEAD, OPTIONS"},
      {"POST", "/metrics", "GET, HEAD, OPTIONS"},   {"GET", "/return", "POST, OPTIONS"}};
  for (const auto& c : cases) {
    INFO(c.method << " " << c.path);
    auto r = send(s.client, c.method, c.path);
    CHECK(r.status == 405);
    CHECK(r.get_header_value("Allow") == c.allow);
    CHECK(r.body == problem_json("method-not-allowed", "Method not allowed", 405,
                                 std::string(c.method) + " is not allowed on " + c.path +
                                     "; allowed: " + c.allow));
  }
  CHECK(send(s.client, "GET", "/counter").body == R"({"value":1000,"version":0,"initial":1000})");
}

TEST_CASE("OPTIONS answers 204 with the allowed methods") {
  Server s;
  auto r = send(s.client, "OPTIONS", "/reset");
  CHECK(r.status == 204);
  CHECK(r.get_header_value("Allow") == "PUT, OPTIONS");
}

TEST_CASE("health and readiness probes answer 200 while the store is writable") {
  Server s;
  CHECK(send(s.client, "GET", "/healthz").body == R"({"status":"ok"})");
  CHECK(send(s.client, "GET", "/readyz").body == R"({"status":"ready"})");
}

TEST_CASE("GET /changes lists the history by time") {
  Server s;
  send(s.client, "POST", "/decrement");
  send(s.client, "PUT", "/reset", R"({"value":10})", kJsonManager);
  auto all = send(s.client, "GET", "/changes");
  CHECK(all.status == 200);
  CHECK(std::regex_match(
      all.body,
      std::regex(
          R"(\{"changes":\[\{"at_ms":\d{13},"kind":"decrement","delta":-1,"value":999,"version":1\},)"
          R"(\{"at_ms":\d{13},"kind":"reset","delta":-989,"value":10,"version":2\}\]\})")));
  CHECK(send(s.client, "GET", "/changes?limit=1").body.find("\"version\":2") == std::string::npos);
  CHECK(send(s.client, "GET", "/changes?until=1").body == R"({"changes":[]})");
  auto bad = send(s.client, "GET", "/changes?limit=0");
  CHECK(bad.status == 400);
  CHECK(bad.body == problem_json("malformed-request", "Malformed request", 400,
                                 "query parameter `limit` must be a whole number from 1 to 10000"));
}

TEST_CASE("GET /metrics counts commits and the changes they carried") {
  Server s;
  send(s.client, "POST", "/decrement");
  send(s.client, "POST", "/decrement");
  const std::string text = send(s.client, "GET", "/metrics").body;
  CHECK(text.find("counterd_changes_total 2\n") != std::string::npos);
  CHECK(text.find("counterd_stock 998\n") != std::string::npos);
  CHECK(text.find("counterd_version 2\n") != std::string::npos);
}

TEST_CASE("the memory store keeps the original behaviour: the stock is gone on restart") {
  {
    CounterdProcess counterd({"--store", "memory"});
    auto client = counterd.client();
    CHECK(send(client, "POST", "/decrement").body == R"({"value":999,"version":1,"initial":1000})");
  }
  CounterdProcess again({"--store", "memory"});
  auto client = again.client();
  CHECK(send(client, "GET", "/counter").body == R"({"value":1000,"version":0,"initial":1000})");
}
