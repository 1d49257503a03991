#include "request.hpp"

#include <sstream>

namespace counterd::http {

std::optional<std::string> Request::header(const std::string& name) const {
  if (auto raw = request_.headers().tryGetRaw(name)) return raw->value();
  if (auto typed = request_.headers().tryGet(name)) {
    std::ostringstream text;
    typed->write(text);
    return text.str();
  }
  return std::nullopt;
}

}  // namespace counterd::http
