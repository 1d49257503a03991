// The durable store: every change is a row in SQLite (WAL, synchronous=FULL), committed in
// transactions that hold many changes, so that one fsync covers them. The stock is the value
// of the newest row.
#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>

#include "file_lock.hpp"
#include "sqlite_files.hpp"
#include "store.hpp"

namespace counterd {

// The writer connection's prepared statements.
struct SqliteStatements {
  SqliteStatement newest, insert, find_kept, keep, find_sale, forget;
};

// Which file a path names (device and inode), to notice when it is deleted or replaced.
struct FileIdentity {
  dev_t device;
  ino_t inode;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the database at `path` (creating its folder if needed), takes an exclusive
  // lock so that no second counterd shares it, and checks its integrity. Only a missing file
  // becomes a new store: an empty or foreign one is refused. Throws StoreError.
  explicit SqliteStore(const std::string& path);

  StoreKind kind() const override { return StoreKind::sqlite; }

  counter::Stock load(std::int64_t initial) override;
  void transact(std::int64_t initial, const std::function<void(StoreTransaction&)>& work) override;
  std::vector<counter::RecordedChange> history(std::int64_t from_ms, std::int64_t to_ms,
                                               std::size_t limit, HistoryOrder order,
                                               const std::string& till) override;
  std::vector<counter::BucketCounts> count_sales(const counter::SalesQuery& query) override;
  std::size_t forget_kept(std::int64_t before_ms, std::size_t limit) override;
  // False, and every transaction refused, once the database or its log was deleted or replaced.
  std::optional<std::string> unwritable() override;
  const std::string& id() const override { return id_; }
  std::string describe() const override { return "sqlite " + path_; }

 private:
  bool files_intact() const;

  std::string path_;
  FileLock lock_;
  bool existing_;  // the file was there before this start
  struct {
    FileIdentity database, wal;
  } files_{};
  // Two connections: history reads go on while a commit waits for its fsync (WAL allows it).
  // Members are destroyed in reverse: statements before their connections, the lock last.
  std::mutex write_mutex_;
  SqliteDb writer_;
  SqliteStatements statements_;
  std::mutex read_mutex_;
  SqliteDb reader_;
  struct {
    SqliteStatement oldest_first, newest_first, sales;
  } reads_;
  std::string id_;
};

}  // namespace counterd
