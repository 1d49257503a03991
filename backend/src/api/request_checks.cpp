#include "request_checks.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace counterd::api {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  std::string type(trim(content_type.substr(0, content_type.find(';'))));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string_view suffix = "+json";
  return type == "application/json" ||
         (type.size() > suffix.size() && type.rfind("application/", 0) == 0 &&
          type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0);
}

std::optional<counter::Problem> check_json_body(const http::Request& request) {
  if (request.body().empty()) return std::nullopt;
  const auto content_type = request.header("Content-Type");
  if (!content_type || !is_json_media_type(*content_type)) {
    return counter::make_problem(
        counter::ProblemKind::unsupported_media_type,
        "the body must be JSON, sent with 'Content-Type: application/json'" +
            (content_type ? "; got '" + *content_type + "'" : std::string("; none was sent")));
  }
  return std::nullopt;
}

std::variant<std::int64_t, counter::Problem> query_integer(const std::optional<std::string>& text,
                                                           std::string_view name,
                                                           std::int64_t fallback, std::int64_t min,
                                                           std::int64_t max) {
  if (!text) return fallback;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return counter::make_problem(counter::ProblemKind::malformed_request,
                                 "query parameter `" + std::string(name) +
                                     "` must be a whole number from " + std::to_string(min) +
                                     " to " + std::to_string(max));
  }
  return value;
}

std::variant<std::int64_t, counter::Problem> query_bound(const std::optional<std::string>& text,
                                                         std::string_view name,
                                                         std::int64_t fallback, std::int64_t min,
                                                         std::int64_t max) {
  if (!text) return fallback;
  std::string_view digits = *text;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  const bool whole = !digits.empty() && std::all_of(digits.begin(), digits.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
  if (!whole)
    return counter::make_problem(counter::ProblemKind::malformed_request,
                                 "query parameter `" + std::string(name) +
                                     "` must be a whole number (milliseconds since 1970)");
  if (negative) return min;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range || value > max) return max;
  return std::max(value, min);
}

std::string etag_for(const std::string& store_id, std::uint64_t version) {
  return "\"" + store_id + "-" + std::to_string(version) + "\"";
}

bool none_match_hits(std::string_view if_none_match, const std::string& etag) {
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view candidate = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (candidate == "*") return true;
    if (candidate.rfind("W/", 0) == 0) candidate.remove_prefix(2);
    if (candidate == etag) return true;
  }
  return false;
}

}  // namespace counterd::api
