// The manager's code that PUT /reset requires (Authorization: Bearer <code>): where it comes
// from, and the check, which takes as long whatever was sent.
#pragma once

#include <optional>
#include <string>

#include "http/reply.hpp"
#include "http/request.hpp"

namespace counterd::api {

class ManagerCode {
 public:
  explicit ManagerCode(std::string code) : code_(std::move(code)) {}

  // Nothing when the request carries the code; otherwise the answer: 401 with
  // WWW-Authenticate when it carries none, 403 when it carries another one.
  std::optional<http::Reply> check(const http::Request& request) const;

 private:
  std::string code_;
};

struct LoadedCode {
  std::string code;
  std::string source;   // for the startup line: where it came from (never the code itself)
  std::string warning;  // set when the code's file can be read by users other than its owner
};

// The code `value` (COUNTERD_ADMIN_TOKEN) when given, else the one in `file`, else the one in
// `data_dir`/admin-token, created at first start with a random code (mode 0600). Throws
// std::runtime_error when a file cannot be read or created, or holds no code. A file that
// others may read is used all the same (the operator decides), with a warning to print.
LoadedCode load_manager_code(const std::string& value, const std::string& file,
                             const std::string& data_dir);

}  // namespace counterd::api
