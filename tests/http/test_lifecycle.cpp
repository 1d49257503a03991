// counterd as a process: start-up, settings, refusing unusable stores, clean shutdown.
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "counter/wire.hpp"
#include "support/wait.hpp"

#include "http_helpers.hpp"

using namespace testsupport;

TEST_CASE("counterd --help explains every setting and exits 0") {
  const RunResult r = run_counterd({"--help"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("--initial-stock N") && Catch::Contains("COUNTERD_DATA_DIR") &&
                        Catch::Contains("--store KIND"));
}

TEST_CASE("an invalid setting prints what is wrong and exits 2") {
  CHECK(run_counterd({"--port", "http"}).status == 2);
  const RunResult r = run_counterd({"--threads", "0"});
  CHECK(r.status == 2);
  CHECK(r.err == "counterd: --threads: '0' is out of range (1 to 256)\n");
  const RunResult env = run_counterd({}, {"COUNTERD_STORE=redis"});
  CHECK(env.status == 2);
  CHECK(env.err ==
        "counterd: COUNTERD_STORE: 'redis' is not a store kind (sqlite, postgres or memory)\n");
}

TEST_CASE("the startup line states the effective configuration") {
  TempDir dir;
  CounterdProcess counterd({"--data-dir", dir.str(), "--initial-stock", "25", "--threads", "3"});
  CHECK_THAT(
      counterd.startup_line(),
      Catch::StartsWith("counterd: listening on http://127.0.0.1:") &&
          Catch::Contains("store=sqlite data_dir=" + dir.str() + " initial_stock=25 threads=3") &&
          Catch::Contains("stock 25 at version 0; manager's code from COUNTERD_ADMIN_TOKEN)"));
}

TEST_CASE("SIGTERM stops counterd cleanly with status 0 and keeps every change") {
  TempDir dir;
  {
    CounterdProcess counterd({"--data-dir", dir.str()});
    auto client = counterd.client();
    for (int i = 0; i < 3; ++i) REQUIRE(send(client, "POST", "/decrement").status == 200);
    const auto exit = counterd.stop(SIGTERM);
    CHECK(exit.status == 0);
    WARN("SIGTERM to exit took " << exit.took.count() << " ms");
  }
  CounterdProcess again({"--data-dir", dir.str()});
  auto client = again.client();
  CHECK(send(client, "GET", "/counter").body == R"({"value":997,"version":3,"initial":1000})");
}

TEST_CASE("SIGTERM under load answers every request it read: no sale recorded unacknowledged") {
  TempDir dir;
  constexpr int kSellers = 32;
  std::atomic<int> acknowledged{0};
  CounterdProcess::Exit exit{};
  {
    CounterdProcess counterd({"--data-dir", dir.str(), "--initial-stock", "1000000"});
    std::atomic<bool> stopped{false};
    std::vector<std::thread> sellers;
    for (int i = 0; i < kSellers; ++i) {
      sellers.emplace_back([&] {
        RawConnection connection(counterd.port());
        while (!stopped) {
          const auto r = post_decrement(connection);
          if (r && r->status == 200) ++acknowledged;
          if (!r || r->header("connection") == "close") break;
        }
      });
    }
    REQUIRE(wait_until([&] { return acknowledged >= 2000; }));
    exit = counterd.stop(SIGTERM);
    stopped = true;
    for (auto& t : sellers) t.join();
  }
  CHECK(exit.status == 0);
  CounterdProcess again({"--data-dir", dir.str()});
  auto client = again.client();
  const auto state = counter::decode_counter_state(send(client, "GET", "/counter").body);
  REQUIRE(std::holds_alternative<counter::CounterState>(state));
  CHECK(1000000 - std::get<counter::CounterState>(state).value == acknowledged);
  WARN("SIGTERM with " << kSellers << " sellers: stopped in " << exit.took.count() << " ms after "
                       << acknowledged << " acknowledged sales");
}

TEST_CASE("SIGINT stops counterd cleanly too") {
  TempDir dir;
  CounterdProcess counterd({"--data-dir", dir.str()});
  CHECK(counterd.stop(SIGINT).status == 0);
}

TEST_CASE("a corrupt store stops start-up with a clear error, never a fresh 1000") {
  TempDir dir;
  std::ofstream(dir.str() + "/counter.db") << std::string(10000, '#');
  const RunResult r = run_counterd({"--port", "0", "--data-dir", dir.str()});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("is not a usable counter store") &&
                        Catch::Contains("file is not a database"));
}

TEST_CASE("an existing but empty counter.db stops start-up, only a missing file starts afresh") {
  TempDir dir;
  std::ofstream(dir.str() + "/counter.db").close();  // zero bytes
  const RunResult r = run_counterd({"--port", "0", "--data-dir", dir.str()});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("the file is empty"));
  CHECK(std::filesystem::file_size(dir.str() + "/counter.db") == 0);  // left as it was
}

TEST_CASE("a write-ahead log without its database stops start-up") {
  TempDir dir;
  {
    CounterdProcess counterd({"--data-dir", dir.str()});
    auto client = counterd.client();
    REQUIRE(send(client, "POST", "/decrement").status == 200);
    counterd.kill_hard();  // leaves counter.db-wal behind
  }
  std::filesystem::remove(dir.str() + "/counter.db");
  const RunResult r = run_counterd({"--port", "0", "--data-dir", dir.str()});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("has lost its main file"));
}

TEST_CASE(
    "a data directory removed while serving: sales refused with 503 exactly as readiness fails") {
  TempDir dir;
  CounterdProcess counterd({"--data-dir", dir.str() + "/data"});
  auto client = counterd.client();
  REQUIRE(send(client, "POST", "/decrement").status == 200);
  REQUIRE(send(client, "GET", "/readyz").status == 200);
  std::filesystem::remove_all(dir.str() + "/data");
  auto sale = send(client, "POST", "/decrement");
  CHECK(sale.status == 503);
  CHECK(sale.body.find("urn:camera-counter:problem:unavailable") != std::string::npos);
  CHECK(send(client, "GET", "/readyz").status == 503);
  CHECK(send(client, "PUT", "/reset", "", kManager).status == 503);
  CHECK(send(client, "GET", "/counter").body == R"({"value":999,"version":1,"initial":1000})");
}

TEST_CASE("a data directory that cannot be created stops start-up with status 1") {
  TempDir dir;
  std::ofstream(dir.str() + "/plain-file") << "x";
  const RunResult r = run_counterd({"--port", "0", "--data-dir", dir.str() + "/plain-file/data"});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot create data directory"));
}

TEST_CASE("a second counterd on the same data directory is refused") {
  TempDir dir;
  CounterdProcess first({"--data-dir", dir.str()});
  const RunResult second = run_counterd({"--port", "0", "--data-dir", dir.str()});
  CHECK(second.status == 1);
  CHECK_THAT(second.err, Catch::Contains("another counterd uses this data directory"));
}

TEST_CASE("a port already in use stops start-up with status 1 and says so") {
  TempDir a, b;
  CounterdProcess first({"--data-dir", a.str()});
  const RunResult second = run_counterd(
      {"--port", std::to_string(first.port()), "--host", "127.0.0.1", "--data-dir", b.str()});
  CHECK(second.status == 1);
  CHECK_THAT(second.err,
             Catch::Contains("cannot serve on 127.0.0.1:" + std::to_string(first.port())));
}

namespace {

// A small tmpfs mounted over a folder for one test (root only), so that its disk can be filled.
class SmallDisk {
 public:
  SmallDisk(const std::filesystem::path& at, const char* size) : at_(at) {
    std::filesystem::create_directories(at_);
    const std::string options = std::string("size=") + size;
    mounted_ = ::mount("tmpfs", at_.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }

 private:
  std::filesystem::path at_;
  bool mounted_ = false;
};

// Writes zeros to `file` until the disk says it is full.
void fill(const std::filesystem::path& file) {
  std::FILE* out = std::fopen(file.c_str(), "wb");
  REQUIRE(out);
  const std::string block(64 * 1024, '\0');
  while (std::fwrite(block.data(), 1, block.size(), out) == block.size() && std::fflush(out) == 0) {
  }
  std::fclose(out);
}

}  // namespace

TEST_CASE("a full disk: /readyz says not ready, no acknowledged sale is lost, freed it recovers") {
  if (::geteuid() != 0) {
    WARN("needs root to mount a small filesystem; not run");
    return;
  }
  TempDir dir;
  SmallDisk disk(dir.path() / "data", "4m");
  REQUIRE(disk.mounted());
  CounterdProcess counterd({"--data-dir", (dir.path() / "data").string()});
  auto client = counterd.client();
  REQUIRE(send(client, "POST", "/decrement").status == 200);
  REQUIRE(send(client, "GET", "/readyz").status == 200);

  fill(dir.path() / "data" / "filler");
  const auto full = send(client, "GET", "/readyz");
  CHECK(full.status == 503);
  CHECK_THAT(full.body, Catch::Contains("is full"));
  // Sales meanwhile: each either recorded and acknowledged, or refused with nothing recorded.
  int acknowledged = 1;
  for (int i = 0; i < 20; ++i) {
    const auto sale = send(client, "POST", "/decrement");
    CHECK((sale.status == 200 || sale.status == 503));
    if (sale.status == 200) ++acknowledged;
  }
  CHECK(value_of(send(client, "GET", "/counter")) == 1000 - acknowledged);

  std::filesystem::remove(dir.path() / "data" / "filler");
  CHECK(send(client, "GET", "/readyz").status == 200);
  REQUIRE(send(client, "POST", "/decrement").status == 200);
  ++acknowledged;
  CHECK(value_of(send(client, "GET", "/counter")) == 1000 - acknowledged);
  REQUIRE(counterd.stop(SIGTERM).status == 0);
  CounterdProcess again({"--data-dir", (dir.path() / "data").string()});
  auto after = again.client();
  CHECK(value_of(send(after, "GET", "/counter")) == 1000 - acknowledged);
}
