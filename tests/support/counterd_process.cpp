#include "counterd_process.hpp"

#include "postgres_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>

namespace testsupport {

namespace {

// Generous: only a guard against a hung start, never a measure of speed.
constexpr auto kStartGuard = std::chrono::seconds(30);

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    read = fds[0];
    write = fds[1];
  }
};

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int out_fd,
            int err_fd, int max_open_files = 0) {
  std::vector<std::string> argv_text{COUNTERD_PATH};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test runner
    if (out_fd >= 0) dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0) dup2(err_fd, STDERR_FILENO);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    if (max_open_files > 0) {
      const rlimit limit{static_cast<rlim_t>(max_open_files), static_cast<rlim_t>(max_open_files)};
      setrlimit(RLIMIT_NOFILE, &limit);
    }
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string read_all(int fd) {
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  return text;
}

}  // namespace

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("counter-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

// With TEST_STORE=postgres, a counterd the test gives no store of its own uses the fixture's
// PostgreSQL server, one database per data directory: the same folder, the same database, so
// a test that restarts counterd on its folder finds its data again.
void use_test_store(std::vector<std::string>& args) {
  const char* store = std::getenv("TEST_STORE");
  if (!store || std::string(store) != "postgres") return;
  std::string data_dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--store", 0) == 0) return;
    if (args[i] == "--data-dir" && i + 1 < args.size()) data_dir = args[i + 1];
    if (args[i].rfind("--data-dir=", 0) == 0) data_dir = args[i].substr(11);
  }
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a of the folder's path
  for (unsigned char c : data_dir) hash = (hash ^ c) * 1099511628211ull;
  char name[24];
  std::snprintf(name, sizeof name, "d%016llx", static_cast<unsigned long long>(hash));
  args.insert(args.end(),
              {"--store", "postgres", "--database-url", database_url(fixture_conninfo(), name)});
}

}  // namespace

CounterdProcess::CounterdProcess(std::vector<std::string> args, const ProcessOptions& options) {
  use_test_store(args);
  args.insert(args.end(), {"--host", "127.0.0.1", "--port", "0"});
  Pipe out;
  int err = -1;
  if (!options.stderr_file.empty())
    err = ::open(options.stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  std::vector<std::string> env{"COUNTERD_ADMIN_TOKEN=" + kManagerCode};
  env.insert(env.end(), options.env.begin(), options.env.end());
  pid_ = spawn(args, env, out.write, err, options.max_open_files);
  ::close(out.write);
  if (err >= 0) ::close(err);

  // Read stdout until the startup line names the port.
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + kStartGuard;
  // No std::regex: its construction races inside libstdc++ when tests start several at once.
  const std::string listening = "listening on http://127.0.0.1:";
  auto port_in = [&]() -> int {
    const auto at = seen.find(listening);
    if (at == std::string::npos) return 0;
    const auto digits = at + listening.size();
    const auto end = seen.find_first_not_of("0123456789", digits);
    if (end == std::string::npos || end == digits) return 0;  // the number may not be complete
    return std::stoi(seen.substr(digits, end - digits));
  };
  while (port_in() == 0) {
    pollfd p{out.read, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    char buf[512];
    ssize_t n = 0;
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0 ||
        (n = ::read(out.read, buf, sizeof buf)) <= 0) {
      ::close(out.read);
      kill_hard();
      throw std::runtime_error("counterd did not start; it printed: " + seen);
    }
    seen.append(buf, static_cast<std::size_t>(n));
  }
  stdout_fd_ = out.read;  // kept open: counterd prints one more line when it stops
  port_ = port_in();
  startup_line_ = seen.substr(0, seen.find('\n'));
}

CounterdProcess::~CounterdProcess() {
  kill_hard();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

httplib::Client CounterdProcess::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(10);
  c.set_read_timeout(30);
  return c;
}

void CounterdProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit();
}

CounterdProcess::Exit CounterdProcess::stop(int signal) {
  const auto start = std::chrono::steady_clock::now();
  ::kill(pid_, signal);
  const int status = wait_exit();
  return {status, std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)};
}

int CounterdProcess::wait_exit() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return decode_status(status);
}

RunResult run_counterd(const std::vector<std::string>& args, std::vector<std::string> env) {
  env.insert(env.begin(), "COUNTERD_ADMIN_TOKEN=" + kManagerCode);
  Pipe out, err;
  const pid_t pid = spawn(args, env, out.write, err.write);
  ::close(out.write);
  ::close(err.write);
  RunResult result{};
  result.err = read_all(err.read);  // outputs are small: reading one after the other is safe
  result.out = read_all(out.read);
  ::close(out.read);
  ::close(err.read);
  int status = 0;
  waitpid(pid, &status, 0);
  result.status = decode_status(status);
  return result;
}

}  // namespace testsupport
