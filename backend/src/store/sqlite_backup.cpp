#include "sqlite_backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "file_lock.hpp"
#include "random_id.hpp"
#include "sqlite_files.hpp"
#include "store.hpp"

namespace counterd {

namespace {

namespace fs = std::filesystem;

// The three files a store may be made of.
constexpr const char* kSuffixes[] = {"", "-wal", "-shm"};

std::int64_t count_of(sqlite3* db, const char* sql, const std::string& what) {
  return std::stoll(query_text(db, sql, what));
}

BackupSummary summary_of(sqlite3* db, const std::string& what) {
  BackupSummary s;
  s.store_id = query_text(db, "SELECT value FROM meta WHERE key = 'store_id'", what);
  s.changes = count_of(db, "SELECT count(*) FROM changes", what);
  // Schema 4 keeps outcomes; a backup of an older store still has the answers it kept.
  const std::string kept = query_text(
      db, "SELECT name FROM sqlite_schema WHERE name IN ('kept_outcomes', 'kept_requests')", what);
  if (!kept.empty()) s.kept_answers = count_of(db, ("SELECT count(*) FROM " + kept).c_str(), what);
  if (s.changes > 0) {
    s.stock.version =
        static_cast<std::uint64_t>(count_of(db, "SELECT max(version) FROM changes", what));
    s.stock.value = count_of(db, "SELECT value FROM changes ORDER BY version DESC LIMIT 1", what);
  }
  return s;
}

// fsync of a file or a folder: a renamed file is only durable once its folder is synced.
void sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw StoreError("cannot sync " + path);
  }
  ::close(fd);
}

void remove_files(const std::string& database) {
  std::error_code ec;
  for (const char* suffix : kSuffixes) fs::remove(database + suffix, ec);
}

// Closes `db` (which checkpoints its log into the file and removes it), then syncs the file.
void close_and_sync(SqliteDb db, const std::string& path) {
  if (sqlite3_close(db.release()) != SQLITE_OK) throw StoreError("cannot close " + path);
  sync_path(path);
}

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

}  // namespace

BackupSummary backup_store(const std::string& data_dir, const std::string& to) {
  const std::string database = sqlite_store_path(data_dir);
  if (!fs::exists(database)) throw StoreError("there is no store at " + database);
  SqliteDb source = open_connection(database, /*create=*/false);
  check_database(source.get(), database, /*existing=*/true);

  const std::string partial = to + ".partial";
  remove_files(partial);
  SqliteDb copy = open_connection(partial);
  sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
  if (!backup) fail(copy.get(), "cannot start a backup into " + partial);
  // All pages in one step: one read transaction, so one consistent state; the log lets sales
  // commit meanwhile.
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    const std::string message = sqlite3_errstr(rc);
    copy.reset();
    remove_files(partial);
    throw StoreError("cannot back up " + database + " into " + partial + ": " + message);
  }
  const std::string what = "cannot read the backup " + partial;
  const std::string check = query_text(copy.get(), "PRAGMA integrity_check", what);
  if (check != "ok") throw StoreError("the backup " + partial + " is not sound: " + check);
  const BackupSummary summary = summary_of(copy.get(), what);
  close_and_sync(std::move(copy), partial);
  std::error_code ec;
  fs::rename(partial, to, ec);
  if (ec) throw StoreError("cannot move " + partial + " to " + to + ": " + ec.message());
  sync_path(folder_of(to));
  return summary;
}

RestoreSummary restore_store(const std::string& from, const std::string& data_dir, bool replace) {
  if (!fs::is_regular_file(from)) throw StoreError(from + " is not a file");
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) throw StoreError("cannot create data directory " + data_dir + ": " + ec.message());
  const FileLock lock(data_dir + "/counterd.lock");  // no counterd may serve it meanwhile
  const std::string database = sqlite_store_path(data_dir);

  // Checked and given its new id as a copy beside the store, so that a refusal leaves nothing.
  const std::string incoming = database + ".restoring";
  remove_files(incoming);
  fs::copy_file(from, incoming, fs::copy_options::overwrite_existing, ec);
  if (ec) throw StoreError("cannot copy " + from + " into " + data_dir + ": " + ec.message());
  RestoreSummary result;
  try {
    SqliteDb db = open_connection(incoming, /*create=*/false);
    check_database(db.get(), from, /*existing=*/true);
    const std::string what = from + " is not a counter store backup";
    result.restored = summary_of(db.get(), what);
    if (result.restored.store_id.empty()) throw StoreError(what + ": it has no store id");
    result.new_store_id = random_id();
    const std::string rename =
        "BEGIN IMMEDIATE;"
        "UPDATE meta SET value = '" +
        result.new_store_id +
        "' WHERE key = 'store_id';"
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('restored_from', '" +
        result.restored.store_id + "');COMMIT;";
    exec(db.get(), rename.c_str(), "cannot give the restored store its new id");
    close_and_sync(std::move(db), incoming);
  } catch (...) {
    remove_files(incoming);
    throw;
  }

  const bool occupied = fs::exists(database) || fs::exists(database + "-wal");
  if (occupied && !replace) {
    remove_files(incoming);
    std::string held = "a store";
    try {
      SqliteDb current = open_connection(database, /*create=*/false);
      const BackupSummary s = summary_of(current.get(), "cannot read " + database);
      held = "store " + s.store_id + " (stock " + std::to_string(s.stock.value) + " at version " +
             std::to_string(s.stock.version) + ")";
    } catch (const StoreError&) {
      held = "a store that cannot be read";
    }
    throw StoreError(data_dir + " holds " + held +
                     " already; restoring would mix the two up. Add --replace to move it aside "
                     "and restore " +
                     from);
  }
  if (occupied) {
    result.moved_aside = data_dir + "/replaced-" + timestamp();
    fs::create_directories(result.moved_aside);
    for (const char* suffix : kSuffixes)
      if (fs::exists(database + suffix))
        fs::rename(database + suffix, result.moved_aside + "/counter.db" + suffix);
  }
  fs::rename(incoming, database, ec);
  if (ec) throw StoreError("cannot move " + incoming + " to " + database + ": " + ec.message());
  sync_path(data_dir);
  return result;
}

}  // namespace counterd
