#include "json_fields.hpp"

#include <rapidjson/error/en.h>

#include <cmath>

namespace counter::json {

namespace {

DecodeError malformed(std::string detail) {
  return DecodeError{DecodeFailure::malformed, std::move(detail)};
}

std::string quoted(const char* key) {
  return std::string("`") + key + "`";
}

}  // namespace

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

namespace {

std::optional<DecodeError> parse(std::string_view body, rapidjson::Document& doc,
                                 const std::initializer_list<std::string_view>* known) {
  // RapidJSON stops at a NUL as at the end of the text: what follows one would pass unread.
  // JSON has no raw NUL anywhere (in strings it is written \u0000), so one means bad input.
  if (const auto nul = body.find('\0'); nul != std::string_view::npos)
    return malformed("body is not valid JSON: a NUL byte (at byte " + std::to_string(nul) + ")");
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  if (doc.HasParseError()) {
    return malformed(std::string("body is not valid JSON: ") +
                     rapidjson::GetParseError_En(doc.GetParseError()) + " (at byte " +
                     std::to_string(doc.GetErrorOffset()) + ")");
  }
  if (!doc.IsObject()) return malformed("body must be a JSON object");
  // Indexes, not iterators: RapidJSON's iterator comparisons are ambiguous under C++20 in clang.
  const auto members = doc.MemberBegin();
  for (rapidjson::SizeType i = 0; i < doc.MemberCount(); ++i) {
    const auto& key = members[i].name;
    std::string_view name(key.GetString(), key.GetStringLength());
    for (rapidjson::SizeType j = 0; j < i; ++j) {
      if (name == std::string_view(members[j].name.GetString(), members[j].name.GetStringLength()))
        return malformed("field `" + std::string(name) + "` appears more than once");
    }
    if (!known) continue;
    bool allowed = false;
    for (auto k : *known) allowed = allowed || k == name;
    if (!allowed) {
      std::string detail = "unknown field `" + std::string(name) + "`";
      if (known->size() == 0) {
        detail += "; this request takes no fields";
      } else {
        detail += "; allowed:";
        for (auto k : *known) detail += " `" + std::string(k) + "`";
      }
      return malformed(detail);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<DecodeError> parse_object(std::string_view body, rapidjson::Document& doc) {
  return parse(body, doc, nullptr);
}

std::optional<DecodeError> parse_strict_object(std::string_view body, rapidjson::Document& doc,
                                               std::initializer_list<std::string_view> known) {
  return parse(body, doc, &known);
}

std::variant<std::int64_t, DecodeError> read_integer(const rapidjson::Value& object,
                                                     const char* key, std::int64_t min,
                                                     std::int64_t max) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd()) return malformed("missing field " + quoted(key));
  const auto& v = member->value;
  const std::string range =
      " must be between " + std::to_string(min) + " and " + std::to_string(max);
  if (!v.IsNumber()) return malformed(quoted(key) + " must be a whole number");
  std::int64_t n = 0;
  if (v.IsInt64()) {
    n = v.GetInt64();
  } else if (v.IsUint64()) {
    return DecodeError{DecodeFailure::out_of_range, quoted(key) + range};
  } else {
    const double d = v.GetDouble();
    if (d != std::trunc(d)) return malformed(quoted(key) + " must be a whole number");
    if (std::fabs(d) >= 9.0e18)
      return DecodeError{DecodeFailure::out_of_range, quoted(key) + range};
    n = static_cast<std::int64_t>(d);
  }
  if (n < min || n > max) {
    return DecodeError{DecodeFailure::out_of_range,
                       quoted(key) + range + ", got " + std::to_string(n)};
  }
  return n;
}

std::variant<const rapidjson::Value*, DecodeError> read_array(const rapidjson::Value& object,
                                                              const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd()) return malformed("missing field " + quoted(key));
  if (!member->value.IsArray()) return malformed(quoted(key) + " must be an array");
  return &member->value;
}

std::variant<std::string, DecodeError> read_string(const rapidjson::Value& object,
                                                   const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd()) return std::string();
  if (!member->value.IsString()) return malformed(quoted(key) + " must be a string");
  std::string text(member->value.GetString(), member->value.GetStringLength());
  // RapidJSON turns a lone low-surrogate escape (\udc00-\udfff) into bytes that are not UTF-8
  // (ED B0..BF ..): refuse it, as the parser refuses raw bytes that are not UTF-8.
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) == 0xED &&
        static_cast<unsigned char>(text[i + 1]) >= 0xA0)
      return malformed(quoted(key) + " holds an unpaired surrogate escape");
  return text;
}

}  // namespace counter::json
