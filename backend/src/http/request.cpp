#include "request.hpp"

#include <array>

namespace counterd::http {

namespace {

constexpr std::array<std::pair<Method, std::string_view>, 9> kMethodNames{{
    {Method::Options, "OPTIONS"},
    {Method::Get, "GET"},
    {Method::Post, "POST"},
    {Method::Head, "HEAD"},
    {Method::Put, "PUT"},
    {Method::Patch, "PATCH"},
    {Method::Delete, "DELETE"},
    {Method::Trace, "TRACE"},
    {Method::Connect, "CONNECT"},
}};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

// %XX escapes decoded; a '%' not followed by two hex digits is kept as it is.
std::string percent_decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view name_of(Method method) {
  for (const auto& [m, name] : kMethodNames)
    if (m == method) return name;
  return "?";
}

std::optional<Method> method_named(std::string_view name) {
  for (const auto& [m, known] : kMethodNames)
    if (known == name) return m;
  return std::nullopt;
}

Request::Request(Method method, std::string target, bool http10, std::vector<Field> fields,
                 std::string body)
    : method_(method), http10_(http10), fields_(std::move(fields)), body_(std::move(body)) {
  const auto question = target.find('?');
  path_ = target.substr(0, question);
  if (question != std::string::npos) query_ = target.substr(question + 1);
}

std::optional<std::string> Request::query(std::string_view name) const {
  std::string_view rest = query_;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto equals = pair.find('=');
    if (percent_decoded(pair.substr(0, equals)) != name) continue;
    return equals == std::string_view::npos ? std::string()
                                            : percent_decoded(pair.substr(equals + 1));
  }
  return std::nullopt;
}

std::optional<std::string> Request::header(std::string_view name) const {
  std::optional<std::string> value;
  for (const Field& field : fields_) {
    if (!iequals(field.name, name)) continue;
    value = value ? *value + ", " + field.value : field.value;
  }
  return value;
}

}  // namespace counterd::http
