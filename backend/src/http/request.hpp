// One parsed request as the API sees it: a view of what Pistache's parser produced, valid while
// the handler runs (copy what a later answer needs).
#pragma once

#include <pistache/http.h>

#include <optional>
#include <string>

namespace counterd::http {

using Method = Pistache::Http::Method;

class Request {
 public:
  explicit Request(const Pistache::Http::Request& request) : request_(request) {}

  Method method() const { return request_.method(); }
  const std::string& path() const { return request_.resource(); }
  const std::string& body() const { return request_.body(); }
  std::optional<std::string> query(const std::string& name) const {
    return request_.query().get(name);
  }
  // A header's value as received, whether Pistache keeps it raw or typed.
  std::optional<std::string> header(const std::string& name) const;

 private:
  const Pistache::Http::Request& request_;
};

}  // namespace counterd::http
