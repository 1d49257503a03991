// The database going away: counterd answers 503 at once instead of hanging, never
// acknowledges what was not committed, says so when a commit's outcome is unknown, and is back
// by itself when the database is.
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
