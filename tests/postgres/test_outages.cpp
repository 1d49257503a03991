// The database going away: counterd answers 503 at once instead of hanging, never
// acknowledges what was not committed, says so when a commit's outcome is unknown, and is back
// by itself when the database is.
#include <array>
#include <atomic>
#include <thread>

#include "http/http_helpers.hpp"
#include "postgres/replicas.hpp"
#include "support/wait.hpp"

using namespace testsupport;

namespace {

std::string type_of(const std::string& problem) {
  const auto at = problem.find("urn:camera-counter:problem:");
  return at == std::string::npos ? "" : problem.substr(at + 27, problem.find('"', at) - at - 27);
}

}  // namespace

TEST_CASE("the database stopped: 503 for reads and sales, not ready, and back by itself") {
  PostgresServer server;
  Replicas replicas(2, server.conninfo());
  auto a = replicas[0].client(), b = replicas[1].client();
  REQUIRE(send(a, "POST", "/decrement").status == 200);

  server.stop();
  for (auto* client : {&a, &b}) {
    const auto read = send(*client, "GET", "/counter");
    CHECK(read.status == 503);
    CHECK(type_of(read.body) == "unavailable");
    const auto sale = send(*client, "POST", "/decrement");
    CHECK(sale.status == 503);
    CHECK(type_of(sale.body) == "unavailable");
    CHECK(send(*client, "GET", "/readyz").status == 503);
    CHECK(send(*client, "GET", "/changes").status == 503);
    CHECK(send(*client, "GET", "/healthz").status == 200);  // alive, only not ready
  }

  server.start();
  for (auto* client : {&a, &b}) {
    // Within half a second of a failed attempt to connect, counterd does not try again.
    REQUIRE(wait_until([&] { return send(*client, "GET", "/readyz").status == 200; }));
    CHECK(send(*client, "POST", "/decrement").status == 200);
  }
  CHECK(value_of(send(b, "GET", "/counter")) == 997);  // nothing refused was recorded
  CHECK_THAT(send(a, "GET", "/metrics").body,
             Catch::Matches("[^]*counterd_store_reconnects_total [1-9][^]*"));
}

TEST_CASE("a commit cut off mid-way is answered outcome-unknown, and its key tells") {
  Replicas replicas(1);
  const std::string conninfo = fixture_conninfo();
  const std::string db = replicas.url.substr(replicas.url.rfind('=') + 1);
  // A deferred trigger runs inside COMMIT: it holds the commit open until the session is cut.
  query(conninfo, db,
        "CREATE FUNCTION hold_commit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$; "
        "CREATE CONSTRAINT TRIGGER hold_commit AFTER UPDATE ON counter_state "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hold_commit()");

  std::optional<RawResponse> answer;
  std::thread sale([&] {
    RawConnection connection(replicas[0].port());
    answer = post_decrement(connection, "tablet-sale-7");
  });
  const bool committing = wait_until([&] {
    return query(conninfo, db,
                 "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'counterd' "
                 "AND query = 'COMMIT' AND wait_event = 'PgSleep'") == "1";
  });
  query(conninfo, db,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'counterd' AND query = 'COMMIT'");
  sale.join();
  REQUIRE(committing);
  REQUIRE(answer);
  CHECK(answer->status == 503);
  CHECK(type_of(answer->body) == "outcome-unknown");

  // The commit was cut before it was recorded: the repeat under the key sells, once.
  query(conninfo, db, "DROP TRIGGER hold_commit ON counter_state");
  auto client = replicas[0].client();
  const httplib::Headers key{{"Idempotency-Key", "tablet-sale-7"}};
  const auto repeat = send(client, "POST", "/decrement", "", key);
  CHECK(repeat.status == 200);
  CHECK(repeat.get_header_value("Idempotent-Replayed") == "");
  CHECK(value_of(repeat) == 999);
  CHECK(send(client, "POST", "/decrement", "", key).get_header_value("Idempotent-Replayed") ==
        "true");
}

TEST_CASE("PostgreSQL stopped and started under load: no acknowledged sale lost, all recover") {
  constexpr std::int64_t kInitial = 1000000;
  PostgresServer server;
  Replicas replicas(3, server.conninfo());
  auto client = replicas[0].client();
  REQUIRE(send(client, "PUT", "/reset", R"({"value":1000000})", kJsonManager).status == 200);

  // Per replica: sales acknowledged, and acknowledged after the database came back.
  std::array<std::atomic<int>, 3> acknowledged{}, after_restart{};
  std::atomic<int> unavailable{0}, unknown{0}, other{0};
  std::atomic<bool> restarted{false}, stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 9; ++c)
    clients.emplace_back([&, r = static_cast<std::size_t>(c % 3)] {
      RawConnection connection(replicas[r].port());
      while (!stop) {
        const auto answer = post_decrement(connection);
        if (status_of(answer) == 200) {
          ++acknowledged[r];
          if (restarted) ++after_restart[r];
        } else if (status_of(answer) == 503) {
          (type_of(answer->body) == "outcome-unknown" ? unknown : unavailable)++;
        } else {
          ++other;
          break;
        }
      }
    });
  auto total = [&] { return acknowledged[0] + acknowledged[1] + acknowledged[2]; };
  wait_until([&] { return total() > 500; });
  server.stop();
  wait_until([&] { return unavailable > 50; });  // refused while it is down
  server.start();
  restarted = true;
  const bool recovered = wait_until(
      [&] { return after_restart[0] > 100 && after_restart[1] > 100 && after_restart[2] > 100; });
  stop = true;
  for (auto& t : clients) t.join();

  CHECK(recovered);
  CHECK(other == 0);
  CHECK(unavailable > 50);
  const std::int64_t value = value_of(send(client, "GET", "/counter"));
  CHECK(value <= kInitial - total());            // every acknowledged sale is there
  CHECK(value >= kInitial - total() - unknown);  // beyond them, only outcome-unknown ones
}
