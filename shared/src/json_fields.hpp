// Checked access to the fields of a JSON object, and the writer (internal to the wire JSON).
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "counter/wire.hpp"

namespace counter::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// The text `fill` writes.
template <class Fill>
std::string write_json(Fill&& fill) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  fill(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

inline void write_string(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

bool is_blank(std::string_view text);

// Parses `body` into `doc` and checks that it is one object with no duplicate keys.
std::optional<DecodeError> parse_object(std::string_view body, rapidjson::Document& doc);

// The same, and refuses any key not in `known`.
std::optional<DecodeError> parse_strict_object(std::string_view body, rapidjson::Document& doc,
                                               std::initializer_list<std::string_view> known);

// A required whole number in [min, max]. Integral floats such as 1e3 count as whole numbers,
// as JSON itself does not tell them apart.
std::variant<std::int64_t, DecodeError> read_integer(const rapidjson::Value& object,
                                                     const char* key, std::int64_t min,
                                                     std::int64_t max);

// A required array.
std::variant<const rapidjson::Value*, DecodeError> read_array(const rapidjson::Value& object,
                                                              const char* key);

// An optional string: absent reads as empty.
std::variant<std::string, DecodeError> read_string(const rapidjson::Value& object, const char* key);

}  // namespace counter::json
