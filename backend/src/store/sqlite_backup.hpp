// Backups of the SQLite store, taken while counterd serves, and their restore.
//
// A backup is a consistent copy (SQLite's online backup, in one read transaction: with the
// write-ahead log, sales go on meanwhile) of the whole store, its kept Idempotency-Key answers
// included. A restore puts one into a data directory that no counterd uses, under a new store
// id (so that no ETag of the store's later life can name a state of the restored one), and
// never over another store unless told to, which it then moves aside rather than deletes.
#pragma once

#include <cstdint>
#include <string>

#include "counter/stock.hpp"

namespace counterd {

// What a backup holds.
struct BackupSummary {
  std::string store_id;
  counter::Stock stock;  // the newest state it holds ({initial, 0} shows as version 0)
  std::int64_t changes = 0;
  std::int64_t kept_answers = 0;
};

// Copies the store in `data_dir` to `to` (written aside, synced, then renamed over it).
// Throws StoreError.
BackupSummary backup_store(const std::string& data_dir, const std::string& to);

struct RestoreSummary {
  BackupSummary restored;
  std::string new_store_id;
  std::string moved_aside;  // where the store it replaced went; empty when there was none
};

// Restores the backup `from` into `data_dir`. Refuses a file that is not a sound store, a
// directory a counterd is using, and a directory that holds a store already unless `replace`.
// Throws StoreError.
RestoreSummary restore_store(const std::string& from, const std::string& data_dir, bool replace);

}  // namespace counterd
