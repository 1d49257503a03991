// Any text into the request checks: media types, If-None-Match lists, query integers. No
// crash, and a query integer that passes is in its range.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/request_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)counterd::api::is_json_media_type(text);
  (void)counterd::api::none_match_hits(text, counterd::api::etag_for("0123456789abcdef", 7));
  const auto value = counterd::api::query_integer(text, "limit", 1000, 1, 10000);
  if (const auto* n = std::get_if<std::int64_t>(&value); n && (*n < 1 || *n > 10000)) std::abort();
  return 0;
}
