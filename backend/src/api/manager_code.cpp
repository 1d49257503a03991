#include "manager_code.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "store/random_id.hpp"

namespace counterd::api {

namespace {

using counter::ProblemKind;

// The time taken depends on the code's length only, never on how much of it matches.
bool same_code(const std::string& given, const std::string& code) {
  unsigned char difference = given.size() == code.size() ? 0 : 1;
  for (std::size_t i = 0; i < code.size(); ++i)
    difference |= static_cast<unsigned char>(code[i] ^ (i < given.size() ? given[i] : 0));
  return difference == 0;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

std::string read_code(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the manager's code from " + path);
  std::string code = trimmed(std::string(std::istreambuf_iterator<char>(in), {}));
  if (code.empty()) throw std::runtime_error(path + " holds no manager's code");
  return code;
}

// Creates `path` with a new random code, readable by its owner only; an existing file wins.
std::string create_code(const std::string& path) {
  const std::string code = random_id() + random_id();  // 128 random bits
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_code(path);
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  }
  const std::string line = code + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) throw std::runtime_error("cannot write " + path);
  return code;
}

}  // namespace

std::optional<http::Reply> ManagerCode::check(const http::Request& request) const {
  const auto authorization = request.header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  const auto scheme_is = [&](std::string_view scheme) {
    for (std::size_t i = 0; i < scheme.size(); ++i)
      if (std::tolower(static_cast<unsigned char>((*authorization)[i])) != std::tolower(scheme[i]))
        return false;
    return true;
  };
  if (!authorization || authorization->size() <= kScheme.size() || !scheme_is(kScheme)) {
    return http::problem_reply(ProblemKind::unauthorized,
                               "resetting the stock needs the manager's code: "
                               "Authorization: Bearer <code>")
        .with("WWW-Authenticate", R"(Bearer realm="camera-counter")");
  }
  if (!same_code(authorization->substr(kScheme.size()), code_))
    return http::problem_reply(ProblemKind::forbidden, "that is not the manager's code");
  return std::nullopt;
}

namespace {

// A warning when users other than the file's owner may read it (its group, or everyone).
std::string exposure_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || (st.st_mode & (S_IRGRP | S_IROTH)) == 0) return "";
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return "the manager's code in " + path + " can be read by other users (mode " + mode +
         "): anyone who reads it can reset the stock; chmod 600 " + path;
}

}  // namespace

LoadedCode load_manager_code(const std::string& value, const std::string& file,
                             const std::string& data_dir) {
  if (!value.empty()) return {trimmed(value), "COUNTERD_ADMIN_TOKEN", ""};
  std::string path = file;
  if (path.empty()) {
    std::filesystem::create_directories(data_dir);
    path = data_dir + "/admin-token";
  }
  std::string code = file.empty() ? create_code(path) : read_code(path);
  return {std::move(code), path, exposure_of(path)};
}

}  // namespace counterd::api
