#include <catch2/catch.hpp>

#include "config.hpp"

using namespace counterd;

namespace {
Config config_of(const ConfigResult& r) {
  if (auto* e = std::get_if<ConfigError>(&r)) FAIL("unexpected error: " << e->message);
  REQUIRE(std::holds_alternative<Config>(r));
  return std::get<Config>(r);
}
std::string error_of(const ConfigResult& r) {
  REQUIRE(std::holds_alternative<ConfigError>(r));
  return std::get<ConfigError>(r).message;
}
}  // namespace

TEST_CASE("defaults serve 1000 cameras durably on 127.0.0.1:9080") {
  const Config c = config_of(parse_config({}, {}));
  CHECK(c.host == "127.0.0.1");
  CHECK(c.port == 9080);
  CHECK(c.initial_stock == 1000);
  CHECK(c.data_dir == "data");
  CHECK(c.store == StoreKind::sqlite);
}

TEST_CASE("environment variables set every option and flags win over them") {
  const Environment env{{"COUNTERD_HOST", "0.0.0.0"},     {"COUNTERD_PORT", "8000"},
                        {"COUNTERD_INITIAL_STOCK", "50"}, {"COUNTERD_DATA_DIR", "/var/x"},
                        {"COUNTERD_THREADS", "3"},        {"COUNTERD_STORE", "memory"}};
  const Config from_env = config_of(parse_config({}, env));
  CHECK(from_env.host == "0.0.0.0");
  CHECK(from_env.port == 8000);
  CHECK(from_env.initial_stock == 50);
  CHECK(from_env.data_dir == "/var/x");
  CHECK(from_env.threads == 3);
  CHECK(from_env.store == StoreKind::memory);

  const Config flags = config_of(parse_config({"--port", "9", "--store=sqlite"}, env));
  CHECK(flags.port == 9);
  CHECK(flags.store == StoreKind::sqlite);
  CHECK(flags.initial_stock == 50);
}

TEST_CASE("the shared store needs its URL and a manager's code every replica shares") {
  CHECK(error_of(parse_config({"--store", "postgres"}, {{"COUNTERD_ADMIN_TOKEN", "c"}})) ==
        "--store postgres needs --database-url (or COUNTERD_DATABASE_URL)");
  CHECK(error_of(parse_config({"--store", "postgres", "--database-url", "postgresql:///x"}, {})) ==
        "--store postgres needs the manager's code that every replica shares: set "
        "COUNTERD_ADMIN_TOKEN or --admin-token-file");
  const Config c = config_of(
      parse_config({"--store=postgres"}, {{"COUNTERD_DATABASE_URL", "host=db dbname=counter"},
                                          {"COUNTERD_ADMIN_TOKEN_FILE", "/run/code"}}));
  CHECK(c.store == StoreKind::postgres);
  CHECK(c.database_url == "host=db dbname=counter");
  CHECK(describe(c) ==
        "store=postgres initial_stock=1000 threads=" + std::to_string(default_threads()));
}

TEST_CASE("invalid settings name the option and the reason") {
  CHECK(error_of(parse_config({"--port", "70000"}, {})) ==
        "--port: '70000' is out of range (0 to 65535)");
  CHECK(error_of(parse_config({"--initial-stock", "-1"}, {})) ==
        "--initial-stock: '-1' is out of range (0 to 1000000000)");
  CHECK(error_of(parse_config({"--threads", "two"}, {})) ==
        "--threads: 'two' is not a whole number");
  CHECK(error_of(parse_config({"--store", "redis"}, {})) ==
        "--store: 'redis' is not a store kind (sqlite, postgres or memory)");
  CHECK(error_of(parse_config({"--host", "example.com"}, {})) ==
        "--host: 'example.com' is not an IPv4 address");
  CHECK(error_of(parse_config({"--port"}, {})) == "--port needs a value");
  CHECK(error_of(parse_config({"--publish-url", "https://nginx/counter"}, {})) ==
        "--publish-url: 'https://nginx/counter' is not an http://HOST[:PORT]/PATH URL");
  CHECK(error_of(parse_config({"--publish-url", "http://nginx:x/counter"}, {})) ==
        "--publish-url: 'http://nginx:x/counter' is not an http://HOST[:PORT]/PATH URL");
  CHECK(error_of(parse_config({"--bogus"}, {})) == "unknown option '--bogus' (see --help)");
  CHECK(error_of(parse_config({}, {{"COUNTERD_PORT", "x"}})) ==
        "COUNTERD_PORT: 'x' is not a whole number");
}

TEST_CASE("--help is recognised and the help names every variable") {
  CHECK(std::holds_alternative<ShowHelp>(parse_config({"--help"}, {})));
  const std::string help = help_text();
  for (const char* name : {"COUNTERD_HOST", "COUNTERD_PORT", "COUNTERD_INITIAL_STOCK",
                           "COUNTERD_DATA_DIR", "COUNTERD_THREADS", "COUNTERD_STORE"})
    CHECK(help.find(name) != std::string::npos);
}
