// Any bytes into the request framer: no crash, no read out of bounds, and consistent verdicts —
// a frame never claims more bytes than it was given, a frame's strict prefix is never a frame
// nor a violation (the framer decides on what it has seen, never guesses), and a request's
// body and target stay within the limits.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/request_framer.hpp"

using namespace counterd::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const FrameLimits& limits : {FrameLimits{}, FrameLimits{64, 16, 8, 4}}) {
    const FrameResult result = frame_request(bytes, limits);
    const auto* frame = std::get_if<Frame>(&result);
    if (!frame) continue;
    if (frame->consumed == 0 || frame->consumed > size) std::abort();
    const auto shorter = frame_request(bytes.substr(0, frame->consumed - 1), limits);
    if (!std::holds_alternative<NeedMore>(shorter)) std::abort();
    const Request& request = frame->request;
    if (request.body().size() > limits.max_body || request.path().empty() ||
        request.path().front() != '/' || request.path().size() > limits.max_target)
      std::abort();
  }
  return 0;
}
