// Runs the real counterd binary for tests: on an ephemeral port, with its own data directory,
// killed and reaped when the test ends whatever happens (the child also dies with the test).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#define CPPHTTPLIB_NO_EXCEPTIONS
#include <httplib.h>

namespace testsupport {

// A fresh folder under the system's temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// The manager's code every counterd started here has, unless a test sets its own.
inline const std::string kManagerCode = "test-manager-code";

// How to start counterd beyond its arguments.
struct ProcessOptions {
  // NAME=VALUE, added to the test's environment (after COUNTERD_ADMIN_TOKEN=kManagerCode).
  std::vector<std::string> env;
  int max_open_files = 0;   // RLIMIT_NOFILE (soft and hard) for counterd; 0: inherited
  std::string stderr_file;  // where its log goes; empty: the test's stderr
};

class CounterdProcess {
 public:
  // Starts counterd with `args` plus --port 0 and --host 127.0.0.1, and waits for its
  // "listening on" line. Throws std::runtime_error if it exits instead.
  explicit CounterdProcess(std::vector<std::string> args, const ProcessOptions& options = {});
  ~CounterdProcess();
  CounterdProcess(const CounterdProcess&) = delete;
  CounterdProcess& operator=(const CounterdProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& startup_line() const { return startup_line_; }
  httplib::Client client() const;

  void kill_hard();  // SIGKILL, as a crash would
  struct Exit {
    int status;  // exit code, or 128 + signal
    std::chrono::milliseconds took;
  };
  Exit stop(int signal);  // sends `signal`, then waits for the exit

 private:
  int wait_exit();
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  std::string startup_line_;
};

// Runs counterd to completion (for settings that make it exit) and captures what it prints.
struct RunResult {
  int status;
  std::string out;
  std::string err;
};
RunResult run_counterd(const std::vector<std::string>& args, std::vector<std::string> env = {});

}  // namespace testsupport
