#include "request_framer.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace counterd::http {

namespace {

using counter::ProblemKind;

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxEmptyLines = 8;  // before a request line
constexpr std::size_t kMaxChunkLine = 64;  // chunk size and extensions
constexpr std::size_t kMaxChunkSizeDigits = 8;

// RFC 9112 §3: a method longer than any this server knows is 501 at once, before its line ends.
constexpr std::size_t kLongestMethod = 64;

bool is_tchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// Visible ASCII: what a request target may hold (percent-encoding included).
bool is_target_char(unsigned char c) {
  return c > 0x20 && c < 0x7f;
}

// Field values: visible characters, spaces and tabs, and obs-text; no other control characters.
bool is_value_char(unsigned char c) {
  return c == '\t' || (c >= 0x20 && c != 0x7f);
}

bool is_hex(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Violation refuse(ProblemKind kind, std::string detail) {
  return Violation{kind, std::move(detail)};
}

// One header field line (without its CRLF): name ":" OWS value OWS.
struct Field {
  std::string_view name;
  std::string_view value;
};

std::variant<Field, Violation> parse_field(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t')
    return refuse(ProblemKind::malformed_request, "obsolete line folding is not accepted");
  const auto colon = line.find(':');
  if (colon == std::string_view::npos)
    return refuse(ProblemKind::malformed_request, "a header line has no colon");
  const std::string_view name = line.substr(0, colon);
  if (name.empty()) return refuse(ProblemKind::malformed_request, "a header name is empty");
  for (unsigned char c : name)
    if (!is_tchar(c))
      return refuse(ProblemKind::malformed_request,
                    "a header name contains a character that is not allowed there");
  const std::string_view value = trim_ows(line.substr(colon + 1));
  for (unsigned char c : value)
    if (!is_value_char(c))
      return refuse(ProblemKind::malformed_request, "a header value contains a control character");
  return Field{name, value};
}

// Calls `each(token)` for every comma-separated element of a list field.
template <class F>
void for_each_token(std::string_view list, F&& each) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    each(trim_ows(list.substr(0, comma)));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
}

// The request line: method SP origin-form SP HTTP-version CRLF. Checked byte by byte as it
// arrives, so that garbage (or a TLS hello) is refused at once rather than after a timeout; the
// method is looked up once the line is whole, so that bytes which are no request line at all
// are 400, not 501.
struct RequestLine {
  Method method = Method::Get;
  std::string_view target;
  bool http10 = false;
  std::size_t end = 0;  // just after its CRLF
};

std::variant<NeedMore, RequestLine, Violation> parse_request_line(std::string_view b,
                                                                  std::size_t start,
                                                                  const FrameLimits& limits) {
  std::size_t i = start;
  while (i < b.size() && is_tchar(static_cast<unsigned char>(b[i])) && i - start <= kLongestMethod)
    ++i;
  if (i == start)
    return refuse(ProblemKind::malformed_request, "the request does not start with a method");
  if (i - start > kLongestMethod)
    return refuse(ProblemKind::not_implemented, "the method is not one this server implements");
  if (i == b.size()) return NeedMore{};
  if (b[i] != ' ')
    return refuse(ProblemKind::malformed_request, "the method must be followed by one space");
  const std::string_view method = b.substr(start, i - start);

  const std::size_t target = i + 1;
  std::size_t j = target;
  while (j < b.size() && is_target_char(static_cast<unsigned char>(b[j])) &&
         j - target <= limits.max_target)
    ++j;
  if (j - target > limits.max_target)
    return refuse(ProblemKind::uri_too_long,
                  "the request target is over " + std::to_string(limits.max_target) + " bytes");
  if (j == b.size()) return NeedMore{};
  if (j == target || b[j] != ' ')
    return refuse(ProblemKind::malformed_request,
                  "the request target must be followed by one space");
  if (b[target] != '/')
    return refuse(ProblemKind::malformed_request,
                  "the request target must be a path (origin-form)");

  // "HTTP/" DIGIT "." DIGIT CRLF
  constexpr std::string_view kShape = "HTTP/d.d\r\n";
  const std::string_view version = b.substr(j + 1, kShape.size());
  for (std::size_t k = 0; k < version.size(); ++k) {
    const unsigned char c = static_cast<unsigned char>(version[k]);
    const bool ok =
        kShape[k] == 'd' ? (c >= '0' && c <= '9') : c == static_cast<unsigned char>(kShape[k]);
    if (!ok)
      return refuse(ProblemKind::malformed_request, "the request line does not end in HTTP/1.1");
  }
  if (version.size() < kShape.size()) return NeedMore{};
  RequestLine line;
  if (version.substr(0, 8) == "HTTP/1.0")
    line.http10 = true;
  else if (version.substr(0, 8) != "HTTP/1.1")
    return refuse(
        ProblemKind::http_version_not_supported,
        "this server speaks HTTP/1.1 (and 1.0), not " + std::string(version.substr(0, 8)));
  const auto known = method_named(method);
  if (!known)
    return refuse(ProblemKind::not_implemented,
                  std::string(method) + " is not a method this server implements");
  line.method = *known;
  line.target = b.substr(target, j - target);
  line.end = j + 1 + kShape.size();
  return line;
}

// A chunked body starting at `pos`: decoded into `body`; returns the end of the message.
std::variant<NeedMore, std::size_t, Violation> decode_chunked(std::string_view b, std::size_t pos,
                                                              const FrameLimits& limits,
                                                              std::string& body) {
  for (;;) {
    const auto eol = b.find(kCrlf, pos);
    if (eol == std::string_view::npos) {
      if (b.size() - pos > kMaxChunkLine)
        return refuse(ProblemKind::malformed_request, "a chunk size line is too long");
      return NeedMore{};
    }
    const std::string_view line = b.substr(pos, eol - pos);
    if (line.size() > kMaxChunkLine)
      return refuse(ProblemKind::malformed_request, "a chunk size line is too long");
    std::size_t digits = 0;
    while (digits < line.size() && is_hex(static_cast<unsigned char>(line[digits]))) ++digits;
    if (digits == 0)
      return refuse(ProblemKind::malformed_request, "a chunk size is not a hex number");
    if (digits > kMaxChunkSizeDigits)
      return refuse(ProblemKind::payload_too_large, "a chunk is larger than the " +
                                                        std::to_string(limits.max_body) +
                                                        " bytes a body may have");
    const std::string_view rest = trim_ows(line.substr(digits));
    if (!rest.empty() && rest.front() != ';')
      return refuse(ProblemKind::malformed_request,
                    "a chunk size is followed by something other than an extension");
    for (unsigned char c : rest)
      if (!is_value_char(c))
        return refuse(ProblemKind::malformed_request,
                      "a chunk extension contains a control character");
    std::size_t size = 0;
    std::from_chars(line.data(), line.data() + digits, size, 16);
    if (body.size() + size > limits.max_body)
      return refuse(ProblemKind::payload_too_large,
                    "the body is over " + std::to_string(limits.max_body) + " bytes");
    pos = eol + kCrlf.size();
    if (size == 0) break;
    if (b.size() < pos + size + kCrlf.size()) return NeedMore{};
    if (b.substr(pos + size, kCrlf.size()) != kCrlf)
      return refuse(ProblemKind::malformed_request, "a chunk is longer than its size says");
    body.append(b.substr(pos, size));
    pos += size + kCrlf.size();
  }
  // Trailer fields (checked, then dropped) up to the empty line.
  for (std::size_t fields = 0;; ++fields) {
    const auto eol = b.find(kCrlf, pos);
    if (eol == std::string_view::npos) {
      if (b.size() - pos > limits.max_head)
        return refuse(ProblemKind::header_fields_too_large, "the trailer section is too large");
      return NeedMore{};
    }
    if (eol == pos) return eol + kCrlf.size();
    if (fields >= limits.max_fields)
      return refuse(ProblemKind::header_fields_too_large,
                    "the trailer section has too many fields");
    const auto trailer = parse_field(b.substr(pos, eol - pos));
    if (const auto* v = std::get_if<Violation>(&trailer)) return *v;
    pos = eol + kCrlf.size();
  }
}

}  // namespace

FrameResult frame_request(std::string_view b, const FrameLimits& limits) {
  // Empty lines before a request line are ignored (RFC 9112 §2.2), a few of them.
  std::size_t start = 0;
  for (std::size_t n = 0; b.substr(start, 2) == kCrlf; ++n) {
    if (n == kMaxEmptyLines) return refuse(ProblemKind::malformed_request, "too many empty lines");
    start += 2;
  }
  if (start == b.size() || b.substr(start) == "\r") return NeedMore{};

  const auto line_or = parse_request_line(b, start, limits);
  if (auto* v = std::get_if<Violation>(&line_or)) return *v;
  const auto* line = std::get_if<RequestLine>(&line_or);
  const auto head_end = b.find("\r\n\r\n", line ? line->end - 2 : start);
  if (!line || head_end == std::string_view::npos) {
    if (b.size() - start > limits.max_head)
      return refuse(ProblemKind::header_fields_too_large,
                    "the request head is over " + std::to_string(limits.max_head) + " bytes");
    return NeedMore{};
  }
  const std::size_t body_start = head_end + 4;
  if (body_start - start > limits.max_head)
    return refuse(ProblemKind::header_fields_too_large,
                  "the request head is over " + std::to_string(limits.max_head) + " bytes");

  // Header fields.
  std::size_t fields = 0, hosts = 0, lengths = 0, encodings = 0;
  std::size_t content_length = 0;
  bool chunked = false, close = false, keep_alive = false;
  std::vector<Request::Field> kept;  // all but Transfer-Encoding (the body is decoded here)
  for (std::size_t pos = line->end; pos < head_end + 2;) {
    const auto eol = b.find(kCrlf, pos);
    const std::string_view raw = b.substr(pos, eol - pos);
    pos = eol + kCrlf.size();
    if (++fields > limits.max_fields)
      return refuse(ProblemKind::header_fields_too_large,
                    "the request has over " + std::to_string(limits.max_fields) + " header fields");
    const auto parsed = parse_field(raw);
    if (auto* v = std::get_if<Violation>(&parsed)) return *v;
    const auto& [name, value] = std::get<Field>(parsed);
    bool keep = true;
    if (iequals(name, "host")) {
      ++hosts;
    } else if (iequals(name, "content-length")) {
      ++lengths;
      const auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), content_length);
      if (value.empty() || value.size() > 18 || ec != std::errc() ||
          end != value.data() + value.size())
        return refuse(ProblemKind::malformed_request, "Content-Length must be a number of bytes");
    } else if (iequals(name, "transfer-encoding")) {
      ++encodings;
      chunked = iequals(value, "chunked");
      if (!chunked)
        return refuse(ProblemKind::not_implemented,
                      "the only transfer coding accepted in requests is chunked");
      keep = false;
    } else if (iequals(name, "connection")) {
      for_each_token(value, [&](std::string_view token) {
        close = close || iequals(token, "close");
        keep_alive = keep_alive || iequals(token, "keep-alive");
      });
    }
    if (keep) kept.push_back({std::string(name), std::string(value)});
  }
  if (hosts > 1 || (hosts == 0 && !line->http10))
    return refuse(ProblemKind::malformed_request,
                  "an HTTP/1.1 request needs exactly one Host field");
  if (lengths > 1)
    return refuse(ProblemKind::malformed_request, "Content-Length appears more than once");
  if (encodings > 1)
    return refuse(ProblemKind::malformed_request, "Transfer-Encoding appears more than once");
  if (encodings && lengths)
    return refuse(ProblemKind::malformed_request,
                  "a request cannot have both Content-Length and Transfer-Encoding");
  if (encodings && line->http10)
    return refuse(ProblemKind::malformed_request, "HTTP/1.0 has no transfer codings");

  Frame frame;
  frame.keep_alive = line->http10 ? keep_alive && !close : !close;
  std::string body;
  if (chunked) {
    const auto end = decode_chunked(b, body_start, limits, body);
    if (auto* v = std::get_if<Violation>(&end)) return *v;
    if (std::holds_alternative<NeedMore>(end)) return NeedMore{};
    frame.consumed = std::get<std::size_t>(end);
  } else {
    if (content_length > limits.max_body)
      return refuse(ProblemKind::payload_too_large,
                    "the body has " + std::to_string(content_length) + " bytes; at most " +
                        std::to_string(limits.max_body) + " are accepted");
    if (b.size() - body_start < content_length) return NeedMore{};
    frame.consumed = body_start + content_length;
    body = b.substr(body_start, content_length);
  }
  frame.request = Request(line->method, std::string(line->target), line->http10, std::move(kept),
                          std::move(body));
  return frame;
}

}  // namespace counterd::http
