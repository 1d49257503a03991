// Safe selling over real HTTP: exactly-once sales and resets under Idempotency-Key (also across
// kill -9), and resets only with the manager's code.
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "counter/wire.hpp"
#include "http_helpers.hpp"
#include "support/wait.hpp"

using namespace testsupport;

namespace {

httplib::Headers keyed(const std::string& key, httplib::Headers headers = {}) {
  headers.emplace("Idempotency-Key", key);
  return headers;
}

}  // namespace

TEST_CASE("a keyed sale sent again is answered the same, marked replayed, and sold once") {
  Server s;
  auto first = send(s.client, "POST", "/decrement", "", keyed("sale-1"));
  CHECK(first.status == 200);
  CHECK(first.body == R"({"value":999,"version":1,"initial":1000})");
  CHECK_FALSE(first.has_header("Idempotent-Replayed"));
  for (int i = 0; i < 3; ++i) {
    auto again = send(s.client, "POST", "/decrement", "", keyed("sale-1"));
    CHECK(again.status == 200);
    CHECK(again.body == first.body);
    CHECK(again.get_header_value("ETag") == first.get_header_value("ETag"));
    CHECK(again.get_header_value("Content-Type") == "application/json");
    CHECK(again.get_header_value("Idempotent-Replayed") == "true");
  }
  CHECK(value_of(send(s.client, "GET", "/counter")) == 999);
  CHECK(value_of(send(s.client, "POST", "/decrement", "", keyed("sale-2"))) == 998);
  CHECK(send(s.client, "GET", "/metrics").body.find("counterd_idempotent_replays_total 3\n") !=
        std::string::npos);
}

TEST_CASE("a keyed sale refused as sold out stays refused when sent again, even after a restock") {
  Server s;
  send(s.client, "PUT", "/reset", R"({"value":0})", kJsonManager);
  auto refused = send(s.client, "POST", "/decrement", "", keyed("late"));
  CHECK(refused.status == 409);
  CHECK(refused.body == problem_json("sold-out", "Sold out", 409,
                                     "the stock is 0: there is no camera left to sell"));
  send(s.client, "PUT", "/reset", R"({"value":5})", kJsonManager);
  auto again = send(s.client, "POST", "/decrement", "", keyed("late"));
  CHECK(again.status == 409);
  CHECK(again.body == refused.body);
  CHECK(again.get_header_value("Content-Type") == "application/problem+json");
  CHECK(again.get_header_value("Idempotent-Replayed") == "true");
  CHECK(value_of(send(s.client, "GET", "/counter")) == 5);
}

TEST_CASE("a keyed reset sent again changes nothing more") {
  Server s;
  auto first = send(s.client, "PUT", "/reset", R"({"value":50})", keyed("restock", kJsonManager));
  CHECK(first.status == 200);
  send(s.client, "POST", "/decrement");
  auto again = send(s.client, "PUT", "/reset", R"({"value":50})", keyed("restock", kJsonManager));
  CHECK(again.body == first.body);
  CHECK(again.get_header_value("Idempotent-Replayed") == "true");
  CHECK(value_of(send(s.client, "GET", "/counter")) == 49);
}

TEST_CASE("the same key with another request is refused with 422 and changes nothing") {
  Server s;
  send(s.client, "POST", "/decrement", "", keyed("k"));
  const std::string reused = problem_json(
      "idempotency-key-reused", "Idempotency key reused", 422,
      "this Idempotency-Key was used for another request (method, path or body); use a new key "
      "for a new request");
  SECTION("another body") {
    auto r = send(s.client, "POST", "/decrement", "{}", keyed("k", kJson));
    CHECK(r.status == 422);
    CHECK(r.body == reused);
  }
  SECTION("another path") {
    auto r = send(s.client, "PUT", "/reset", "", keyed("k", kManager));
    CHECK(r.status == 422);
    CHECK(r.body == reused);
  }
  CHECK(value_of(send(s.client, "GET", "/counter")) == 999);
}

// SQLite's lock makes the first request wait; tests/postgres covers keys across replicas.
TEST_CASE("the same key while its first request is still in flight is refused with 409") {
  Server s({"--store", "sqlite"});
  // Hold SQLite's write lock from outside, so that counterd's next commit waits for it.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((s.dir.str() + "/counter.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  int first_status = 0;
  std::thread first([&] {
    RawConnection connection(s.counterd.port());
    first_status = status_of(post_decrement(connection, "slow"));
  });
  // In flight: the metrics request itself, and the sale waiting for the lock.
  REQUIRE(wait_until([&] {
    return send(s.client, "GET", "/metrics").body.find("counterd_http_requests_in_flight 2\n") !=
           std::string::npos;
  }));
  auto r = send(s.client, "POST", "/decrement", "", keyed("slow"));
  CHECK(r.status == 409);
  CHECK(r.body == problem_json("idempotency-key-in-use", "Request already in progress", 409,
                               "a request with this Idempotency-Key is still being processed; "
                               "send it again once that one is answered"));
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  first.join();
  CHECK(first_status == 200);
  CHECK(send(s.client, "POST", "/decrement", "", keyed("slow"))
            .get_header_value("Idempotent-Replayed") == "true");
  CHECK(value_of(send(s.client, "GET", "/counter")) == 999);
}

TEST_CASE("a malformed Idempotency-Key is refused with 400 and changes nothing") {
  Server s;
  struct Case {
    std::string key;
    std::string detail;
  };
  const Case cases[] = {
      {"", "Idempotency-Key is empty"},
      {std::string(256, 'k'), "Idempotency-Key is 256 characters long; at most 255 are accepted"},
      {"caf\xc3\xa9", "Idempotency-Key must be printable ASCII"},
  };
  for (const auto& c : cases) {
    INFO(c.key);
    auto r = send(s.client, "POST", "/decrement", "", keyed(c.key));
    CHECK(r.status == 400);
    CHECK(r.body == problem_json("malformed-request", "Malformed request", 400, c.detail));
  }
  CHECK(send(s.client, "POST", "/decrement", "", keyed(std::string(255, 'k'))).status == 200);
  auto quoted = send(s.client, "POST", "/decrement", "", keyed("\"sf-string\""));
  CHECK(send(s.client, "POST", "/decrement", "", keyed("sf-string")).body == quoted.body);
  CHECK(value_of(send(s.client, "GET", "/counter")) == 998);
}

TEST_CASE("200 concurrent requests with 20 distinct keys sell exactly 20") {
  Server s;
  std::atomic<int> answered{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 20; ++t) {
    threads.emplace_back([&, t] {
      RawConnection connection(s.counterd.port());
      for (int i = 0; i < 10; ++i) {
        const int status =
            status_of(post_decrement(connection, "key-" + std::to_string((t + i) % 20)));
        // 200 (first or replay), or 409 while the same key is still being committed.
        if (status == 200 || status == 409)
          ++answered;
        else
          ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(answered == 200);
  CHECK(other == 0);
  CHECK(value_of(send(s.client, "GET", "/counter")) == 980);
}

TEST_CASE(
    "a sale acknowledged before kill -9, retried with its key after the restart, is not sold "
    "twice") {
  TempDir dir;
  std::int64_t expected = 1000;
  for (int round = 1; round <= 5; ++round) {
    INFO("round " << round);
    const std::string key = "before-crash-" + std::to_string(round);
    std::string answer;
    {
      CounterdProcess counterd({"--data-dir", dir.str()});
      auto client = counterd.client();
      auto r = send(client, "POST", "/decrement", "", keyed(key));
      REQUIRE(r.status == 200);
      answer = r.body;
      counterd.kill_hard();  // the answer may never have reached a real client
    }
    --expected;
    CounterdProcess again({"--data-dir", dir.str()});
    auto client = again.client();
    auto retry = send(client, "POST", "/decrement", "", keyed(key));
    CHECK(retry.status == 200);
    CHECK(retry.body == answer);
    CHECK(retry.get_header_value("Idempotent-Replayed") == "true");
    CHECK(value_of(send(client, "GET", "/counter")) == expected);
    again.kill_hard();
  }
}

TEST_CASE("PUT /reset needs the manager's code: 401 without one, 403 with a wrong one") {
  Server s;
  auto missing = send(s.client, "PUT", "/reset", R"({"value":5})", kJson);
  CHECK(missing.status == 401);
  CHECK(missing.get_header_value("WWW-Authenticate") == R"(Bearer realm="camera-counter")");
  CHECK(missing.body == problem_json("unauthorized", "Manager's code required", 401,
                                     "resetting the stock needs the manager's code: "
                                     "Authorization: Bearer <code>"));
  auto basic = send(s.client, "PUT", "/reset", "", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  CHECK(basic.status == 401);
  auto wrong = send(s.client, "PUT", "/reset", "", {{"Authorization", "Bearer guess"}});
  CHECK(wrong.status == 403);
  CHECK(wrong.body ==
        problem_json("forbidden", "Wrong manager's code", 403, "that is not the manager's code"));
  auto keyed_wrong =
      send(s.client, "PUT", "/reset", "", keyed("r1", {{"Authorization", "Bearer guess"}}));
  CHECK(keyed_wrong.status == 403);  // not kept: the right code with the same key then works
  CHECK(send(s.client, "PUT", "/reset", "", keyed("r1", kManager)).status == 200);
  CHECK(send(s.client, "PUT", "/reset", "", {{"Authorization", "bearer " + kManagerCode}}).status ==
        200);
  CHECK(send(s.client, "POST", "/decrement").status == 200);  // sales stay open
  CHECK(send(s.client, "GET", "/counter").status == 200);
}

// The one-box default: a shared store refuses to start without a configured code (see
// tests/unit/test_config.cpp), so this test names its store.
TEST_CASE("without a configured code, counterd creates one in its data directory, mode 0600") {
  TempDir dir;
  std::string code;
  {
    CounterdProcess counterd({"--data-dir", dir.str(), "--store", "sqlite"},
                             ProcessOptions{{"COUNTERD_ADMIN_TOKEN="}, 0, ""});
    const std::string file = dir.str() + "/admin-token";
    CHECK_THAT(counterd.startup_line(), Catch::Contains("manager's code from " + file));
    std::ifstream in(file);
    std::getline(in, code);
    CHECK(code.size() == 32);
    CHECK(counterd.startup_line().find(code) == std::string::npos);  // the path, never the code
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto client = counterd.client();
    CHECK(send(client, "PUT", "/reset", "", {{"Authorization", "Bearer " + code}}).status == 200);
  }
  CounterdProcess again({"--data-dir", dir.str(), "--store", "sqlite"},
                        ProcessOptions{{"COUNTERD_ADMIN_TOKEN="}, 0, ""});
  auto client = again.client();
  CHECK(send(client, "PUT", "/reset", "", {{"Authorization", "Bearer " + code}}).status == 200);
}

TEST_CASE("a code file that other users can read is used, with a loud warning naming it") {
  TempDir dir;
  const std::string file = dir.str() + "/code";
  std::ofstream(file) << "readable-code\n";
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  const std::string log = dir.str() + "/counterd.log";
  {
    CounterdProcess counterd({"--data-dir", dir.str(), "--admin-token-file", file},
                             ProcessOptions{{"COUNTERD_ADMIN_TOKEN="}, 0, log});
    auto client = counterd.client();
    CHECK(send(client, "PUT", "/reset", "", {{"Authorization", "Bearer readable-code"}}).status ==
          200);
  }
  std::ifstream in(log);
  const std::string printed(std::istreambuf_iterator<char>(in), {});
  CHECK_THAT(printed, Catch::Contains("WARNING: the manager's code in " + file +
                                      " can be read by other users (mode 0644)"));
  CHECK(printed.find("readable-code") == std::string::npos);  // the path, never the code

  REQUIRE(::chmod(file.c_str(), 0600) == 0);
  {
    CounterdProcess counterd({"--data-dir", dir.str(), "--admin-token-file", file},
                             ProcessOptions{{"COUNTERD_ADMIN_TOKEN="}, 0, log + ".2"});
  }
  std::ifstream quiet(log + ".2");
  CHECK(std::string(std::istreambuf_iterator<char>(quiet), {}).find("WARNING") ==
        std::string::npos);
}

TEST_CASE("the code can come from a file named by --admin-token-file") {
  TempDir dir;
  std::ofstream(dir.str() + "/code") << "from-a-file\n";
  CounterdProcess counterd({"--data-dir", dir.str(), "--admin-token-file", dir.str() + "/code"},
                           ProcessOptions{{"COUNTERD_ADMIN_TOKEN="}, 0, ""});
  auto client = counterd.client();
  CHECK(send(client, "PUT", "/reset", "", {{"Authorization", "Bearer from-a-file"}}).status == 200);
  TempDir other;
  const RunResult missing = run_counterd(
      {"--port", "0", "--data-dir", other.str(), "--admin-token-file", dir.str() + "/nope"},
      {"COUNTERD_ADMIN_TOKEN="});
  CHECK(missing.status == 1);
  CHECK_THAT(missing.err, Catch::Contains("cannot read the manager's code from"));
}
