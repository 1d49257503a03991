// Replicas on one PostgreSQL database behave as one counter: exact under concurrent sales,
// one ETag for one state, reads that never go back behind an acknowledgement, keys that
// replay wherever the repeat lands.
#include <libpq-fe.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "http/http_helpers.hpp"
#include "postgres/replicas.hpp"
#include "support/wait.hpp"

using namespace testsupport;

namespace {

std::uint64_t version_of(const std::string& body) {
  auto decoded = counter::decode_counter_state(body);
  return std::holds_alternative<counter::CounterState>(decoded)
             ? std::get<counter::CounterState>(decoded).version
             : 0;
}

}  // namespace

TEST_CASE("sales spread over three replicas are each counted once and stop at 0") {
  Replicas replicas(3);
  auto client = replicas[0].client();
  REQUIRE(send(client, "PUT", "/reset", R"({"value":300})", kJsonManager).status == 200);

  // 3 replicas x 4 connections x 50 attempts = 600 for 300 cameras.
  std::atomic<int> sold{0}, sold_out{0}, other{0};
  std::vector<std::thread> clients;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c)
      clients.emplace_back([&, port = replicas[r].port()] {
        RawConnection connection(port);
        for (int i = 0; i < 50; ++i) {
          const int status = status_of(post_decrement(connection));
          (status == 200 ? sold : status == 409 ? sold_out : other)++;
        }
      });
  for (auto& t : clients) t.join();
  CHECK(sold == 300);
  CHECK(sold_out == 300);
  CHECK(other == 0);

  // Every replica sees the same state under the same ETag; the history has each version once.
  const auto first = send(client, "GET", "/counter");
  CHECK(value_of(first) == 0);
  for (std::size_t r = 1; r < 3; ++r) {
    auto c = replicas[r].client();
    const auto same = send(c, "GET", "/counter");
    CHECK(same.body == first.body);
    CHECK(same.get_header_value("ETag") == first.get_header_value("ETag"));
  }
  const auto history = send(client, "GET", "/changes?limit=10000").body;
  std::set<std::string> versions;
  const std::regex version(R"("version":(\d+))");
  for (std::sregex_iterator it(history.begin(), history.end(), version), end; it != end; ++it)
    versions.insert((*it)[1]);
  CHECK(versions.size() == 301);  // the reset and 300 sales
}

TEST_CASE("a read on any replica shows every change another replica acknowledged") {
  Replicas replicas(2);
  RawConnection seller(replicas[0].port());
  auto reader = replicas[1].client();
  for (int i = 0; i < 100; ++i) {
    const auto sold = post_decrement(seller);
    REQUIRE(status_of(sold) == 200);
    const auto read = send(reader, "GET", "/counter");
    REQUIRE(read.status == 200);
    CHECK(version_of(read.body) >= version_of(sold->body));
  }
}

TEST_CASE("a sale repeated on another replica under its key is replayed, not sold again") {
  Replicas replicas(2);
  auto a = replicas[0].client(), b = replicas[1].client();
  const httplib::Headers key{{"Idempotency-Key", "sale-on-the-tablet-1"}};
  const auto first = send(a, "POST", "/decrement", "", key);
  const auto again = send(b, "POST", "/decrement", "", key);
  CHECK(first.status == 200);
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  CHECK(again.get_header_value("Idempotent-Replayed") == "true");
  CHECK(value_of(send(a, "GET", "/counter")) == 999);
}

TEST_CASE("replicas starting together on an empty database set it up once") {
  const std::string url = database_url(fixture_conninfo(), fresh_database_name());
  std::vector<std::unique_ptr<CounterdProcess>> started(6);
  std::atomic<int> tried{0}, failed{0};
  std::atomic<bool> checked{false};
  // A child dies with the thread that started it (PR_SET_PDEATHSIG): each starter stays until
  // the checks are done.
  std::vector<std::thread> starters;
  for (auto& slot : started)
    starters.emplace_back([&] {
      try {
        slot = std::make_unique<CounterdProcess>(postgres_args(url));
      } catch (const std::exception&) {
        ++failed;
      }
      ++tried;
      wait_until([&] { return checked.load(); });
    });
  wait_until([&] { return tried == 6; });
  std::set<std::string> etags;
  if (failed == 0)
    for (auto& replica : started) {
      auto client = replica->client();
      etags.insert(send(client, "GET", "/counter").get_header_value("ETag"));
    }
  checked = true;
  for (auto& t : starters) t.join();
  CHECK(failed == 0);
  CHECK(etags.size() == 1);  // one store id: one line of versions
}

TEST_CASE("a database that holds something else, or a newer schema, stops start-up") {
  const std::string conninfo = fixture_conninfo();
  const std::string other = fresh_database_name();
  database_url(conninfo, other);
  query(conninfo, other, "CREATE TABLE invoices (id int)");
  const auto foreign = run_counterd(postgres_args(conninfo + " dbname=" + other));
  CHECK(foreign.status == 1);
  CHECK_THAT(foreign.err, Catch::Contains("is not a usable counter store: it holds 1 other "
                                          "table(s); give counterd a database of its own"));
  CHECK(query(conninfo, other, "SELECT to_regclass('counter_meta') IS NULL") == "t");

  Replicas replicas(1);
  replicas[0].stop(SIGTERM);
  const std::string ours = replicas.url.substr(replicas.url.rfind('=') + 1);
  query(conninfo, ours, "UPDATE counter_meta SET value = '99' WHERE key = 'schema'");
  const auto newer = run_counterd(postgres_args(replicas.url));
  CHECK(newer.status == 1);
  CHECK_THAT(newer.err, Catch::Contains("written by a newer counterd (schema 99)"));
}

TEST_CASE("/metrics names the store and counts its commits") {
  Replicas replicas(1);
  auto client = replicas[0].client();
  send(client, "POST", "/decrement");
  const std::string metrics = send(client, "GET", "/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("counterd_store_info{kind=\"postgres\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("counterd_commits_total 1\n"));
  CHECK_THAT(metrics, Catch::Contains("counterd_store_reconnects_total 0\n"));
  CHECK_THAT(metrics, Catch::Contains("counterd_stock 999\n"));
}

TEST_CASE("each committed batch raises one NOTIFY with the state it left, in commit order") {
  Replicas replicas(2);
  std::unique_ptr<PGconn, void (*)(PGconn*)> listener(PQconnectdb(replicas.url.c_str()), PQfinish);
  REQUIRE(PQstatus(listener.get()) == CONNECTION_OK);
  PQclear(PQexec(listener.get(), "LISTEN camera_counter"));
  for (int i = 0; i < 4; ++i) {
    auto client = replicas[static_cast<std::size_t>(i % 2)].client();
    REQUIRE(send(client, "POST", "/decrement").status == 200);
  }
  std::vector<std::string> payloads;
  REQUIRE(wait_until([&] {
    PQconsumeInput(listener.get());
    while (PGnotify* n = PQnotifies(listener.get())) {
      payloads.emplace_back(n->extra);
      PQfreemem(n);
    }
    return payloads.size() >= 4;
  }));
  CHECK(payloads == std::vector<std::string>{
                        R"({"version" : 1, "value" : 999})", R"({"version" : 2, "value" : 998})",
                        R"({"version" : 3, "value" : 997})", R"({"version" : 4, "value" : 996})"});
}
