// The shared store: several counterd replicas on one PostgreSQL database. Every writer
// transaction starts by locking the one state row, so replicas' batches run one after another
// and each sees what the ones before it committed; the database itself refuses a negative stock
// or a version used twice. Each committed batch raises one NOTIFY on kNotifyChannel with the
// state it left, in commit order.
#pragma once

#include <cstdint>
#include <mutex>

#include "postgres_connection.hpp"
#include "store.hpp"

namespace counterd {

inline constexpr const char* kNotifyChannel = "camera_counter";

class PostgresStore final : public Store {
 public:
  // Connects to `url` (a libpq connection string or URI), creates or checks the schema. A
  // database holding other tables, or a newer schema, is refused. Throws StoreError.
  explicit PostgresStore(std::string url);

  StoreKind kind() const override { return StoreKind::postgres; }

  counter::Stock load(std::int64_t initial) override;
  void transact(std::int64_t initial, const std::function<void(StoreTransaction&)>& work) override;
  std::vector<counter::RecordedChange> history(std::int64_t from_ms, std::int64_t to_ms,
                                               std::size_t limit, HistoryOrder order,
                                               const std::string& till) override;
  std::vector<counter::BucketCounts> count_sales(const counter::SalesQuery& query) override;
  std::size_t forget_kept(std::int64_t before_ms, std::size_t limit) override;
  std::optional<std::string> unwritable() override;
  const std::string& id() const override { return id_; }
  std::string describe() const override;
  bool shared() const override { return true; }
  std::uint64_t reconnects() const override;
  std::unique_ptr<CommitFeed> follow_commits(const std::string& key, std::int64_t initial,
                                             CommitFeedHandlers handlers) override;

 private:
  std::string url_;
  std::shared_ptr<ServerReach> reach_ = std::make_shared<ServerReach>();  // writer's and reader's
  PgConnection writer_;  // the service's writer thread only
  std::mutex reader_mutex_;
  PgConnection reader_;  // reads, for any thread
  std::string id_;
};

}  // namespace counterd
