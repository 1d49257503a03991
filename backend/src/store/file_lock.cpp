#include "file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store.hpp"

namespace counterd {

FileLock::FileLock(const std::string& path)
    : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
  if (fd_ < 0) throw StoreError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    if (err == EWOULDBLOCK)
      throw StoreError(path + " is locked: another counterd uses this data directory");
    throw StoreError("cannot lock " + path + ": " + std::strerror(err));
  }
}

FileLock::~FileLock() {
  ::close(fd_);
}

}  // namespace counterd
