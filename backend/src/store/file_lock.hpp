#pragma once

#include <string>

namespace counterd {

// An exclusive advisory lock (flock) on a file, held for the object's lifetime. The kernel
// drops it when the process dies, even by kill -9, so a crash never leaves a stale lock.
class FileLock {
 public:
  // Throws StoreError when the file cannot be opened or another process holds the lock.
  explicit FileLock(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace counterd
