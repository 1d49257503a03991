// The shared store: several counterd replicas on one PostgreSQL database. Every writer
// transaction starts by locking the one state row, so replicas' batches run one after another
// and each sees what the ones before it committed; the database itself refuses a negative stock
// or a version used twice. Each committed batch raises one NOTIFY on kNotifyChannel with the
// state it left, in commit order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <variant>

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

  // Reads the state row. Calls that arrive while a read is under way share the next one, so
  // that a burst of reads costs two queries, and no caller gets a state read before it called.
  counter::Stock load(std::int64_t initial) override;
  void transact(std::int64_t initial, const std::function<void(StoreTransaction&)>& work) override;
  std::vector<counter::RecordedChange> history(std::int64_t from_ms, std::int64_t to_ms,
                                               std::size_t limit) override;
  std::size_t forget_kept(std::int64_t before_ms, std::size_t limit) override;
  bool writable() override;
  const std::string& id() const override { return id_; }
  std::string describe() const override;
  bool shared() const override { return true; }
  std::uint64_t reconnects() const override;

 private:
  counter::Stock read_state(std::int64_t initial);

  std::string url_;
  PgConnection writer_;  // the service's writer thread only
  std::mutex reader_mutex_;
  PgConnection reader_;  // reads, for any thread
  std::string id_;

  // Shared reads (see load): reads started and finished, and the last one's result.
  std::mutex load_mutex_;
  std::condition_variable load_done_;
  std::uint64_t loads_started_ = 0, loads_finished_ = 0;
  bool load_running_ = false;
  std::variant<counter::Stock, std::string> last_load_;
};

}  // namespace counterd
