// Several counterd replicas on one fresh database of a real PostgreSQL server.
#pragma once

#include <memory>
#include <random>
#include <vector>

#include "support/counterd_process.hpp"
#include "support/postgres_server.hpp"

namespace testsupport {

// A database name no other test uses.
inline std::string fresh_database_name() {
  std::random_device random;
  return "t" + std::to_string(random()) + std::to_string(random());
}

inline std::vector<std::string> postgres_args(const std::string& url) {
  return {"--store", "postgres", "--database-url", url};
}

struct Replicas {
  explicit Replicas(int n, std::string conninfo = fixture_conninfo())
      : url(database_url(conninfo, fresh_database_name())) {
    for (int i = 0; i < n; ++i) add();
  }
  CounterdProcess& add() {
    all.push_back(std::make_unique<CounterdProcess>(postgres_args(url)));
    return *all.back();
  }
  CounterdProcess& operator[](std::size_t i) { return *all[i]; }

  std::string url;
  std::vector<std::unique_ptr<CounterdProcess>> all;
};

}  // namespace testsupport
