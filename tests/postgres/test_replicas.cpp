// Replicas on one PostgreSQL database behave as one counter: exact under concurrent sales,
// one ETag for one state, reads that never go back behind an acknowledgement, keys that
// replay wherever the repeat lands.
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
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

TEST_CASE("2000 attempts over three replicas on 1000 cameras sell exactly 1000") {
  Replicas replicas(3);
  auto client = replicas[0].client();
  REQUIRE(send(client, "PUT", "/reset", R"({"value":1000})", kJsonManager).status == 200);

  // 3 replicas x 8 connections (the last two 9) x 50 attempts = 2000 attempts for 1000 cameras.
  std::atomic<int> sold{0}, sold_out{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 40; ++c)
    clients.emplace_back([&, port = replicas[static_cast<std::size_t>(c % 3)].port()] {
      RawConnection connection(port);
      for (int i = 0; i < 50; ++i) {
        const int status = status_of(post_decrement(connection));
        (status == 200 ? sold : status == 409 ? sold_out : other)++;
      }
    });
  for (auto& t : clients) t.join();
  CHECK(sold == 1000);
  CHECK(sold_out == 1000);
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
  CHECK(versions.size() == 1001);  // the reset and 1000 sales
}

TEST_CASE("64 clients over three replicas x 500 sales from 1,000,000 lose none") {
  Replicas replicas(3);
  auto client = replicas[0].client();
  REQUIRE(send(client, "PUT", "/reset", R"({"value":1000000})", kJsonManager).status == 200);
  std::atomic<int> sold{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 64; ++c)
    clients.emplace_back([&, port = replicas[static_cast<std::size_t>(c % 3)].port()] {
      RawConnection connection(port);
      for (int i = 0; i < 500; ++i)
        if (status_of(post_decrement(connection)) == 200) ++sold;
    });
  for (auto& t : clients) t.join();
  CHECK(sold == 64 * 500);
  for (std::size_t r = 0; r < 3; ++r) {
    auto c = replicas[r].client();
    CHECK(value_of(send(c, "GET", "/counter")) == 1000000 - 64 * 500);
  }
}

TEST_CASE("kill -9 of one replica under load loses no acknowledged sale, 5 times over") {
  constexpr int kClients = 12;  // 4 per replica
  constexpr std::int64_t kInitial = 1000000;
  Replicas replicas(3);
  auto client = replicas[0].client();
  REQUIRE(send(client, "PUT", "/reset", R"({"value":1000000})", kJsonManager).status == 200);
  std::int64_t acknowledged_in_all = 0;
  for (int round = 1; round <= 5; ++round) {
    const std::size_t victim = static_cast<std::size_t>(round % 3);
    std::atomic<int> acknowledged{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c)
      clients.emplace_back([&, port = replicas[static_cast<std::size_t>(c % 3)].port()] {
        RawConnection connection(port);
        while (!stop) {
          const int status = status_of(post_decrement(connection));
          if (status == 200)
            ++acknowledged;
          else if (status == 0)
            break;  // its replica is gone
        }
      });
    wait_until([&] { return acknowledged > 300; });
    replicas[victim].kill_hard();
    const int at_kill = acknowledged;
    wait_until([&] { return acknowledged > at_kill + 300; });  // the others sell on
    stop = true;
    for (auto& t : clients) t.join();
    replicas.all[victim] = std::make_unique<CounterdProcess>(postgres_args(replicas.url));
    acknowledged_in_all += acknowledged;

    INFO("round " << round);
    auto reader = replicas[(victim + 1) % 3].client();
    const std::int64_t value = value_of(send(reader, "GET", "/counter"));
    CHECK(value <= kInitial - acknowledged_in_all);
    // Beyond them, at most the sales in flight on the killed replica (one per its client).
    CHECK(value >= kInitial - acknowledged_in_all - kClients / 3);
    acknowledged_in_all = kInitial - value;  // what the next round starts from
  }
}

TEST_CASE("a read on any replica shows every change another replica acknowledged") {
  Replicas replicas(3);
  std::vector<httplib::Client> readers;
  for (std::size_t r = 0; r < 3; ++r) readers.push_back(replicas[r].client());
  for (int i = 0; i < 90; ++i) {
    RawConnection seller(replicas[static_cast<std::size_t>(i % 3)].port());
    const auto sold = post_decrement(seller);
    REQUIRE(status_of(sold) == 200);
    for (auto& reader : readers) {
      const auto read = send(reader, "GET", "/counter");
      REQUIRE(read.status == 200);
      CHECK(version_of(read.body) >= version_of(sold->body));
    }
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

TEST_CASE(
    "each committed batch raises one NOTIFY with the state it left and its changes, in "
    "commit order") {
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
  REQUIRE(payloads.size() == 4);
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    INFO(payloads[i]);
    const std::string version = std::to_string(i + 1), value = std::to_string(999 - i);
    // jsonb's own order: shorter keys first.
    CHECK(payloads[i].rfind("{\"value\": " + value + ", ", 0) == 0);
    CHECK(payloads[i].ends_with(", \"version\": " + version + "}"));
    // With the change it recorded, for the live channel's relay.
    auto changes = counter::decode_changes(payloads[i]);
    REQUIRE(std::holds_alternative<std::vector<counter::RecordedChange>>(changes));
    const auto& list = std::get<std::vector<counter::RecordedChange>>(changes);
    REQUIRE(list.size() == 1);
    CHECK(list[0].change.result.version == i + 1);
  }
}

TEST_CASE("a pg_dump of a live store restored into a fresh database is served by new replicas") {
  Replicas before(2);
  auto client = before[0].client();
  const auto sale = send(client, "POST", "/decrement", "", {{"Idempotency-Key", "kept-sale"}});
  REQUIRE(sale.status == 200);
  REQUIRE(send(client, "PUT", "/reset", R"({"value":321})", kJsonManager).status == 200);
  const auto state = send(client, "GET", "/counter");
  TempDir dir;
  const std::string dump = dir.str() + "/counter.dump";
  const std::string script = TEST_SOURCE_DIR "/../scripts/postgres-backup.sh";
  REQUIRE(std::system(("'" + script + "' dump '" + before.url + "' '" + dump + "'").c_str()) == 0);
  // Into a database that holds a store already: refused, untouched.
  CHECK(std::system(("'" + script + "' restore '" + dump + "' '" + before.url + "'").c_str()) != 0);
  CHECK(send(client, "GET", "/counter").body == state.body);

  Replicas after(0);
  REQUIRE(std::system(("'" + script + "' restore '" + dump + "' '" + after.url + "'").c_str()) ==
          0);
  after.add();
  after.add();
  for (std::size_t i = 0; i < 2; ++i) {
    auto replica = after[i].client();
    const auto restored = send(replica, "GET", "/counter");
    CHECK(restored.body == state.body);
    CHECK(restored.get_header_value("ETag") != state.get_header_value("ETag"));  // a new store id
    const auto retry = send(replica, "POST", "/decrement", "", {{"Idempotency-Key", "kept-sale"}});
    CHECK(retry.get_header_value("Idempotent-Replayed") == "true");
    CHECK(retry.body == sale.body);
  }
  auto replica = after[1].client();
  CHECK(value_of(send(replica, "POST", "/decrement")) == 320);
}
