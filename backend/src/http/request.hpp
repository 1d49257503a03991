// One request as the API sees it, as the request framer read it from the connection's bytes:
// the method, the path and query of its target, its header fields and its body (decoded when it
// arrived chunked).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace counterd::http {

// The methods this server knows; any other is answered 501.
enum class Method { Options, Get, Post, Head, Put, Patch, Delete, Trace, Connect };

// "GET", "POST", ...
std::string_view name_of(Method method);
// The method named exactly `name` (methods are case-sensitive), if this server knows it.
std::optional<Method> method_named(std::string_view name);

// ASCII case-insensitive equality: field names and tokens.
bool iequals(std::string_view a, std::string_view b);

class Request {
 public:
  struct Field {
    std::string name;
    std::string value;
  };

  Request() = default;
  Request(Method method, std::string target, bool http10, std::vector<Field> fields,
          std::string body);

  Method method() const { return method_; }
  bool http10() const { return http10_; }
  // The target up to its query, as sent (no percent-decoding: every route is a plain path).
  const std::string& path() const { return path_; }
  const std::string& body() const { return body_; }
  // The first `name=value` of the query, percent-decoded ("since" of "?since=5&x" is "5").
  std::optional<std::string> query(std::string_view name) const;
  // A field's value; a field sent more than once is one comma-separated list (RFC 9110 §5.3).
  std::optional<std::string> header(std::string_view name) const;

 private:
  Method method_ = Method::Get;
  bool http10_ = false;
  std::string path_;
  std::string query_;  // after the '?', as sent
  std::vector<Field> fields_;
  std::string body_;
};

}  // namespace counterd::http
